package studio.atelier.config;

import java.util.Comparator;
import java.util.List;

import org.springframework.stereotype.Component;

import studio.atelier.shared.NavigationEntry;

@Component("navigation")
public class Navigation {

    private final List<NavigationEntry> items;

    Navigation(List<NavigationEntry> entries) {
        this.items = entries.stream().sorted(Comparator.comparingInt(NavigationEntry::order)).toList();
    }

    public List<NavigationEntry> items() {
        return items;
    }
}
