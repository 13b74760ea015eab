package dev.mailward.reportintake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** One received file: its name as sent (for the answer and the kept-aside list) and its bytes. */
public record ReceivedFile(String name, byte[] bytes) {

    /** The multipart parts as received files; an absent list or empty part without a name is left out. */
    public static List<ReceivedFile> of(List<MultipartFile> parts) {
        List<ReceivedFile> out = new ArrayList<>();
        if (parts == null) {
            return out;
        }
        for (MultipartFile f : parts) {
            String original = f.getOriginalFilename();
            boolean named = original != null && !original.isBlank();
            if (f.isEmpty() && !named) {
                continue;
            }
            try {
                out.add(new ReceivedFile(named ? original : f.getName(), f.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
