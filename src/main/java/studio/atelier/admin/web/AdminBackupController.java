package studio.atelier.admin.web;

import java.nio.file.Path;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

import studio.atelier.admin.DatabaseBackups;
import studio.atelier.shared.AtelierPrincipal;

/** The dashboard's backup button: makes an online backup of the H2 database and hands it over as a download. */
@Controller
class AdminBackupController {

    private final DatabaseBackups backups;

    AdminBackupController(DatabaseBackups backups) {
        this.backups = backups;
    }

    @PostMapping("/admin/backup")
    ResponseEntity<FileSystemResource> backUp(@AuthenticationPrincipal AtelierPrincipal me, HttpServletRequest request) {
        if (!backups.online()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Path file = backups.backUp(AdminActors.of(me, request));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.getFileName().toString()).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new FileSystemResource(file));
    }
}
