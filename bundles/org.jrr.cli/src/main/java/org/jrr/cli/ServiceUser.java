package org.jrr.cli;

/** A command that needs jrr's services; the command factory hands them over. */
abstract class ServiceUser {
    protected Services services;

    final void use(Services services) {
        this.services = services;
    }
}
