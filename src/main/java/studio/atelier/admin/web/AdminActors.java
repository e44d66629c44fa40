package studio.atelier.admin.web;

import jakarta.servlet.http.HttpServletRequest;

import studio.atelier.audit.Actor;
import studio.atelier.shared.AtelierPrincipal;
import studio.atelier.shared.ClientAddress;

final class AdminActors {

    private AdminActors() {
    }

    static Actor of(AtelierPrincipal admin, HttpServletRequest request) {
        return new Actor(admin.id(), admin.getUsername(), ClientAddress.of(request));
    }

    static String reason(String reason) {
        return reason == null || reason.isBlank() ? null : reason.trim();
    }
}
