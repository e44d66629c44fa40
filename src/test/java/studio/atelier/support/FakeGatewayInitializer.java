package studio.atelier.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Registers the {@link FakeGateway} providers in the application under test. */
public class FakeGatewayInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(FakeGateway.providerProperties()).applyTo(context);
    }
}
