package dev.mailward.accounts.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.mailward.accounts.AccountChangeRejected;
import dev.mailward.accounts.AccountSessions;
import dev.mailward.accounts.Passkeys;
import dev.mailward.accounts.PendingSignIn;
import dev.mailward.accounts.SecondFactors;
import dev.mailward.accounts.SecondStepOutcome;
import dev.mailward.accounts.TotpEnrolment;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second factor's pages: enrolment from the account page ({@code /account/second-factor}: a TOTP key
 * as a QR code, in base32 and as its {@code otpauth://} URI, confirmed by a current code; the ten recovery
 * codes shown once, through a flash attribute, never stored in clear), regenerating the recovery codes, and
 * the second step of a sign-in ({@code /login/second-factor}), open to a session whose password was right.
 */
@Controller
class SecondFactorController {

    static final String VIEW = "accounts/second-factor";
    static final String STEP_VIEW = "accounts/login-second-factor";
    private static final int QR_MODULE = 4;

    private final SecondFactors secondFactors;
    private final Passkeys passkeys;
    private final Messages messages;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SavedRequestAwareAuthenticationSuccessHandler signedIn =
            new SavedRequestAwareAuthenticationSuccessHandler();

    SecondFactorController(SecondFactors secondFactors, Passkeys passkeys, Messages messages) {
        this.secondFactors = secondFactors;
        this.passkeys = passkeys;
        this.messages = messages;
    }

    @GetMapping("/account/second-factor")
    String show(Model model) {
        return page(model, Map.of());
    }

    private String page(Model model, Map<String, String> fieldErrors) {
        model.addAttribute("status", secondFactors.mine());
        model.addAttribute("enrolment", secondFactors.pendingEnrolment().orElse(null));
        model.addAttribute("fieldErrors", fieldErrors);
        return VIEW;
    }

    @PostMapping("/account/second-factor/start")
    String start(Model model, RedirectAttributes redirect) {
        try {
            secondFactors.startEnrolment();
        } catch (AccountChangeRejected e) {
            return page(model, messages.fieldError(e));
        }
        return "redirect:/account/second-factor";
    }

    /** The waiting key's QR code, an SVG of dark squares drawn from the QR matrix (no script, no style). */
    @GetMapping(value = "/account/second-factor/qr.svg", produces = "image/svg+xml")
    ResponseEntity<String> qr() throws WriterException {
        TotpEnrolment enrolment = secondFactors.pendingEnrolment().orElse(null);
        if (enrolment == null) {
            return ResponseEntity.notFound().build();
        }
        BitMatrix m = new QRCodeWriter()
                .encode(
                        enrolment.uri(),
                        BarcodeFormat.QR_CODE,
                        0,
                        0,
                        Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" width=\"" + m.getWidth() * QR_MODULE + "\" height=\"" + m.getHeight() * QR_MODULE
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.valueOf("image/svg+xml"))
                .body(svg);
    }

    @PostMapping("/account/second-factor/confirm")
    String confirm(@RequestParam(defaultValue = "") String code, Model model, RedirectAttributes redirect) {
        List<String> codes;
        try {
            codes = secondFactors.confirmEnrolment(code);
        } catch (AccountChangeRejected e) {
            return page(model, messages.fieldError(e));
        }
        redirect.addFlashAttribute("recoveryCodes", codes);
        redirect.addFlashAttribute("flash", messages.get("accounts.second-factor.enrolled"));
        return "redirect:/account/second-factor";
    }

    @PostMapping("/account/second-factor/recovery-codes")
    String regenerate(Model model, RedirectAttributes redirect) {
        List<String> codes;
        try {
            codes = secondFactors.regenerateRecoveryCodes();
        } catch (AccountChangeRejected e) {
            return page(model, messages.fieldError(e));
        }
        redirect.addFlashAttribute("recoveryCodes", codes);
        redirect.addFlashAttribute("flash", messages.get("accounts.second-factor.regenerated"));
        return "redirect:/account/second-factor";
    }

    @GetMapping("/login/second-factor")
    String step(HttpServletRequest request, Model model) {
        PendingSignIn pending = pending(request);
        return pending == null ? "redirect:/login" : stepView(pending, model);
    }

    /** The second step offers what the account has: the code form (TOTP, recovery codes), a passkey, or both. */
    private String stepView(PendingSignIn pending, Model model) {
        model.addAttribute("codes", secondFactors.codeOffered(pending));
        model.addAttribute("passkey", passkeys.offeredAtSecondStep(pending));
        return STEP_VIEW;
    }

    @PostMapping("/login/second-factor")
    String step(
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException, ServletException {
        PendingSignIn pending = pending(request);
        if (pending == null) {
            return "redirect:/login";
        }
        String address =
                new WebAuthenticationDetailsSource().buildDetails(request).getRemoteAddress();
        switch (secondFactors.secondStep(pending, code, address)) {
            case SecondStepOutcome.Refused r -> {
                model.addAttribute("failed", true);
                return stepView(pending, model);
            }
            case SecondStepOutcome.Restart r -> {
                request.getSession().removeAttribute(PendingSignIn.ATTRIBUTE);
                return "redirect:" + r.target();
            }
            case SecondStepOutcome.Passed p -> {
                HttpSession session = request.getSession();
                session.removeAttribute(PendingSignIn.ATTRIBUTE);
                request.changeSessionId();
                if (p.authentication() instanceof AbstractAuthenticationToken token) {
                    token.setDetails(new WebAuthenticationDetailsSource().buildDetails(request));
                }
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(p.authentication());
                contexts.setContext(context);
                sessions.saveContext(context, request, response);
                AccountSessions.describeAtSignIn(request);
                signedIn.onAuthenticationSuccess(request, response, p.authentication());
                return null;
            }
        }
    }

    private static PendingSignIn pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(PendingSignIn.ATTRIBUTE) instanceof PendingSignIn p ? p : null;
    }
}
