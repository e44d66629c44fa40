package studio.atelier.generation.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import studio.atelier.generation.ImageAccess;
import studio.atelier.generation.ImageAccess.ServedImage;
import studio.atelier.generation.image.ImageStoreUnavailable;
import studio.atelier.shared.AtelierPrincipal;

/**
 * Stored images: content-addressed, so the hash is the ETag and the bytes never change; access is checked on every
 * request. With signed links switched on, the bytes then come from the bucket by a redirect, never before the check.
 */
@Controller
class ImageController {

    private static final Logger log = LoggerFactory.getLogger(ImageController.class);

    private final ImageAccess images;

    ImageController(ImageAccess images) {
        this.images = images;
    }

    @GetMapping("/images/{id}")
    ResponseEntity<InputStreamResource> original(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            @RequestParam(required = false) String download,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) throws IOException {
        return serve(me, id, false, download != null, ifNoneMatch);
    }

    @GetMapping("/images/{id}/thumb")
    ResponseEntity<InputStreamResource> thumbnail(@AuthenticationPrincipal AtelierPrincipal me, @PathVariable long id,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) throws IOException {
        return serve(me, id, true, false, ifNoneMatch);
    }

    /** The object store is down: said like a database outage (503, the same page), not as an error. */
    @ExceptionHandler(ImageStoreUnavailable.class)
    ModelAndView storeUnavailable(ImageStoreUnavailable unavailable, HttpServletRequest request, HttpServletResponse response) {
        log.warn("Image store unavailable; {} answered 503 ({})", request.getRequestURI(), unavailable.getMessage());
        response.setHeader(HttpHeaders.RETRY_AFTER, "30");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String query = request.getQueryString();
        return new ModelAndView("error/503", Map.of("retryUrl", request.getRequestURI() + (query == null ? "" : "?" + query),
                "imageStore", true), HttpStatus.SERVICE_UNAVAILABLE);
    }

    private ResponseEntity<InputStreamResource> serve(AtelierPrincipal me, long id, boolean thumbnail, boolean download,
            String ifNoneMatch) throws IOException {
        ServedImage image = images.find(id, me.id(), me.isAdmin(), thumbnail)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String etag = "\"" + image.sha256() + (thumbnail ? "-t" : "") + "\"";
        // Asked again every time it is shown (a cheap 304 while access holds): a removed member or the next person at a
        // shared computer gets no copy from the browser's cache.
        CacheControl cache = CacheControl.noCache().cachePrivate();
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
        }
        Optional<URI> direct = image.blob().directLink(download ? image.fileName() : null);
        if (direct.isPresent()) {
            // the link itself grants access for a while: never kept by a browser or a proxy
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(direct.get()).cacheControl(CacheControl.noStore()).build();
        }
        InputStream in = image.blob().open();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().eTag(etag).cacheControl(cache)
                .contentType(MediaType.parseMediaType(image.blob().contentType())).contentLength(image.blob().size())
                .header("X-Content-Type-Options", "nosniff");
        if (download) {
            response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(image.fileName()).build().toString());
        }
        return response.body(new InputStreamResource(in));
    }
}
