package studio.atelier.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.recovery.RecoveryCodeGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.util.Utils;

import org.springframework.stereotype.Component;

/**
 * RFC 6238 codes as every authenticator app makes them by default (SHA-1, six digits, 30 seconds), through the TOTP
 * library: secrets, the set-up QR code, and which time step a code belongs to, so that each step is accepted once.
 */
@Component
class TwoFactorCodes {

    static final int PERIOD_SECONDS = 30;
    static final int RECOVERY_CODES = 10;
    /** One step either side: the phone's clock may be a little off, and a code typed at the end of its step still counts. */
    private static final int DRIFT_STEPS = 1;

    private final CodeGenerator codes = new DefaultCodeGenerator();
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator();
    private final RecoveryCodeGenerator recoveryCodes = new RecoveryCodeGenerator();
    private final Clock clock;

    TwoFactorCodes(Clock clock) {
        this.clock = clock;
    }

    String newSecret() {
        return secrets.generate();
    }

    List<String> newRecoveryCodes() {
        return List.of(recoveryCodes.generateCodes(RECOVERY_CODES));
    }

    /** The otpauth:// URI as a PNG QR code in a data: URI (the page's CSP allows data: images). */
    String qrCode(String accountName, String secret) {
        QrData data = new QrData.Builder().label(accountName).secret(secret).issuer("Atelier").period(PERIOD_SECONDS).build();
        ZxingPngQrGenerator png = new ZxingPngQrGenerator();
        try {
            return Utils.getDataUriForImage(png.generate(data), png.getImageMimeType());
        } catch (QrGenerationException e) {
            throw new IllegalStateException("The set-up QR code could not be drawn", e);
        }
    }

    /** @return the time step this code belongs to, if it is the secret's code for now or a step either side */
    OptionalLong stepOf(String secret, String code) {
        String digits = code == null ? "" : code.replaceAll("\\s", "");
        if (!digits.matches("\\d{6}")) {
            return OptionalLong.empty();
        }
        long now = clock.millis() / 1000 / PERIOD_SECONDS;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(generate(secret, step).getBytes(StandardCharsets.US_ASCII), digits.getBytes(StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private String generate(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("A two-factor code could not be computed", e);
        }
    }

    /** Recovery codes are typed as shown or without dashes and in any case; they are compared by this hash only. */
    static String hashRecoveryCode(String code) {
        String normalised = code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
