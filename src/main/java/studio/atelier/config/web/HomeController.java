package studio.atelier.config.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

import studio.atelier.config.Navigation;

/** The start page is the first thing in the navigation (the generate form once it exists). */
@Controller
class HomeController {

    private final Navigation navigation;

    HomeController(Navigation navigation) {
        this.navigation = navigation;
    }

    @GetMapping("/")
    String home(HttpServletRequest request, RedirectAttributes redirect) {
        // A flash message sent to the start page (the welcome after registering from "/") goes on to where it leads.
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        if (flash != null) {
            flash.forEach(redirect::addFlashAttribute);
        }
        return "redirect:" + navigation.items().get(0).path();
    }
}
