package org.jrr.syscalls;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import org.jrr.api.Names;
import org.jrr.api.syscall.SyscallHandler;
import org.jrr.syscalls.spec.SyscallSpec;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers every standard spec as its own {@link SyscallHandler} service, with {@code jrr.syscall=<name>} and
 * {@code service.ranking=0}.
 *
 * <p>Why one service per syscall rather than one service for all: the kernel picks, for each syscall, the handler
 * with the highest ranking, so a contributor bundle can override a single syscall (register a {@code read} handler
 * with ranking 10) without replacing or copying the other standard handlers, and stopping that bundle brings the
 * standard one back.
 */
// The services are registered by hand, so bnd cannot see them: declare the capability for the resolver.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.jrr.api.syscall.SyscallHandler",
        uses = SyscallHandler.class)
@Component(immediate = true, service = {})
public final class StandardSyscalls {
    /** The ranking of the standard handlers: anything registered higher wins. */
    public static final int RANKING = 0;

    private final List<ServiceRegistration<SyscallHandler>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context) {
        for (SyscallSpec spec : StandardSpecs.all()) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Names.SYSCALL, spec.name());
            properties.put(Constants.SERVICE_RANKING, RANKING);
            registrations.add(context.registerService(SyscallHandler.class, spec, properties));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<SyscallHandler> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
    }
}
