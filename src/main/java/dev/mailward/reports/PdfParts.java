package dev.mailward.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Joins the separately rendered parts of a PDF report: stamps "page / pages" at the foot of every page
 * but the cover (the parts cannot share CSS page counters), then merges them with PDFBox, which keeps
 * its buffers in temporary files.
 */
final class PdfParts {

    private PdfParts() {}

    static void numberAndMerge(List<Path> parts, OutputStream out) throws IOException {
        int total = 0;
        int[] counts = new int[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            try (PDDocument doc = Loader.loadPDF(parts.get(i).toFile(), IOUtils.createTempFileOnlyStreamCache())) {
                counts[i] = doc.getNumberOfPages();
                total += counts[i];
            }
        }
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        int page = 0;
        for (int i = 0; i < parts.size(); i++) {
            Path numbered = parts.get(i).resolveSibling(parts.get(i).getFileName() + ".n");
            try (PDDocument doc = Loader.loadPDF(parts.get(i).toFile(), IOUtils.createTempFileOnlyStreamCache())) {
                for (PDPage p : doc.getPages()) {
                    page++;
                    if (page == 1) {
                        continue; // the cover carries no number
                    }
                    String text = page + " / " + total;
                    float width = font.getStringWidth(text) / 1000 * 8;
                    try (PDPageContentStream cs =
                            new PDPageContentStream(doc, p, PDPageContentStream.AppendMode.APPEND, true, true)) {
                        cs.beginText();
                        cs.setFont(font, 8);
                        cs.setNonStrokingColor(0.33f, 0.33f, 0.33f);
                        cs.newLineAtOffset((p.getMediaBox().getWidth() - width) / 2, 28);
                        cs.showText(text);
                        cs.endText();
                    }
                }
                doc.save(numbered.toFile());
            }
            Files.move(numbered, parts.get(i), StandardCopyOption.REPLACE_EXISTING);
        }
        PDFMergerUtility merger = new PDFMergerUtility();
        for (Path p : parts) {
            merger.addSource(p.toFile());
        }
        merger.setDestinationStream(out);
        merger.mergeDocuments(IOUtils.createTempFileOnlyStreamCache());
    }
}
