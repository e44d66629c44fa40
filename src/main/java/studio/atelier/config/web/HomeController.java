package studio.atelier.config.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

import studio.atelier.config.Navigation;

/** The start page is the first thing in the navigation (the generate form once it exists). */
@Controller
class HomeController {

    private final Navigation navigation;

    HomeController(Navigation navigation) {
        this.navigation = navigation;
    }

    @GetMapping("/")
    String home() {
        return "redirect:" + navigation.items().get(0).path();
    }
}
