package org.jrr.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jrr.api.Names;
import org.jrr.api.syscall.SyscallHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.junit.jupiter.api.Test;

/**
 * The component registers one service per spec. The framework's BundleContext is stood in for by a proxy that
 * keeps the registrations; the wiring inside a real Felix is the integration tests' business.
 */
class StandardSyscallsTest {

    @Test
    void registersOneRankedServicePerSyscallAndUnregistersThem() {
        List<Dictionary<String, ?>> registered = new ArrayList<>();
        AtomicInteger unregistered = new AtomicInteger();
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.incrementAndGet();
                    }
                    return null;
                });
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        assertSame(SyscallHandler.class, args[0]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> properties = (Dictionary<String, ?>) args[2];
                        assertEquals(((SyscallHandler) args[1]).name(), properties.get(Names.SYSCALL));
                        registered.add(properties);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        StandardSyscalls component = new StandardSyscalls();
        component.activate(context);
        int count = StandardSpecs.all().size();
        assertEquals(count, registered.size());
        Set<Object> names = new HashSet<>();
        for (Dictionary<String, ?> properties : registered) {
            assertEquals(0, properties.get(Constants.SERVICE_RANKING));
            names.add(properties.get(Names.SYSCALL));
        }
        assertEquals(count, names.size());

        component.deactivate();
        assertEquals(count, unregistered.get());
    }
}
