package org.jrr.cli;

/** A command that needs jrr's services; the command factory hands them over. */
interface ServiceUser {
    void use(Services services);
}
