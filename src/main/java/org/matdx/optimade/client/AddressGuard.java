package org.matdx.optimade.client;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which addresses MatDX contacts on a provider's behalf. A provider an administrator listed on a
 * public address is kept to public addresses: its index's child links, its redirects and its
 * paging links cannot send MatDX to the loopback interface, the local network or a cloud
 * metadata service (169.254.169.254). A provider listed on such an address itself (an institute's
 * own OPTIMADE server, a test instance) was put there deliberately and may use it.
 *
 * <p>The check resolves the host name before the request does; a name that resolves differently
 * a moment later (DNS rebinding) is not caught — docs/SECURITY.md says so.
 */
record AddressGuard(boolean mayUseLocalAddresses) {

    /** The guard for a provider listed at {@code base}. */
    static AddressGuard forProvider(URI base) {
        try {
            for (InetAddress a : InetAddress.getAllByName(base.getHost())) {
                if (isLocal(a)) {
                    return new AddressGuard(true);
                }
            }
        } catch (UnknownHostException e) {
            // unresolvable now: kept to public addresses; the request reports the host as unreachable
        }
        return new AddressGuard(false);
    }

    /** Null when MatDX may contact {@code uri}, otherwise why not. */
    Failure check(URI uri) {
        if (mayUseLocalAddresses) {
            return null;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (isLocal(a)) {
                    return Failure.of(Failure.Kind.ADDRESS_REFUSED, uri.getHost() + " resolves to a local or private address ("
                            + a.getHostAddress() + "), which MatDX does not contact for a provider listed on a public one");
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return Failure.of(Failure.Kind.UNREACHABLE, "unknown host " + uri.getHost());
        }
    }

    static boolean isLocal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64 // carrier-grade NAT 100.64.0.0/10
                || (b[0] & 0xff) == 0; // "this network" 0.0.0.0/8
    }
}
