# Varnish 7 in front of Wiredesk app instances: caches public pages, purged by key.
#
#   varnishd -a :80 -f /path/to/varnish/wiredesk.vcl -p vcl_path=/etc/varnish:/path/to/varnish
#
# Needs the xkey vmod (Debian/Ubuntu: apt-get install varnish-modules). The app instances are
# listed in wiredesk-backends.vcl (copy it next to this file, or earlier in vcl_path, and
# edit it). Set WIREDESK_FRONT_CACHES=http://<this varnish> on every app instance: each
# public change is then purged here by key (PURGE with an xkey-purge header), from an
# address in the wiredesk_purgers ACL. See README ("Running in production") and
# ARCHITECTURE.md ("A cache in front").
vcl 4.1;

import std;
import xkey;
import directors;

probe wiredesk_probe {
    .url = "/robots.txt";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

# Who may purge: the app instances (they send the purges). Add their addresses here.
acl wiredesk_purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new wiredesk = directors.round_robin();
    call wiredesk_add_backends;
}

# Defines the app backends and `sub wiredesk_add_backends` (adds them to `wiredesk`).
include "wiredesk-backends.vcl";

sub vcl_recv {
    set req.backend_hint = wiredesk.backend();
    # Only this cache says it is the surrogate (the app then renders from the database).
    unset req.http.Surrogate-Capability;
    unset req.http.X-Front-Pass;

    if (req.method == "PURGE") {
        if (client.ip !~ wiredesk_purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            # Purges are by key only: there is no way to empty the whole cache from the app.
            return (synth(400, "xkey-purge header required"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.X-Front-Pass = "method";
        return (pass);
    }
    # Staff: a next-auth session cookie (also a chunked one) or credentials. Never cached.
    if (req.http.Cookie ~ "(^|;\s*)(__Secure-)?next-auth\.session-token[.=]" || req.http.Authorization) {
        set req.http.X-Front-Pass = "signed-in";
        return (pass);
    }
    # The desk, sign-in, next-auth and the desk API (previews and drafts live under /desk).
    if (req.url ~ "^/(desk|login|api/auth|api/desk)(/|\?|$)") {
        set req.http.X-Front-Pass = "private-path";
        return (pass);
    }
    # Next's client router asks for RSC payloads, never the cached HTML.
    if (req.http.RSC || req.http.Next-Router-State-Tree || req.http.Next-Router-Prefetch || req.http.Next-Action || req.url ~ "[?&]_rsc=") {
        set req.http.X-Front-Pass = "router";
        return (pass);
    }
    # Everything else is the public site: a reader's cookies are none of the page's business,
    # never reach the app and never split the cache.
    unset req.http.Cookie;
    # Grace: past its TTL (never after a purge: purges remove the object) a page is served
    # while it is refetched for 30 s; for a day while every app instance is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (!bereq.uncacheable) {
        set bereq.http.Surrogate-Capability = {"wiredesk="Surrogate/1.0""};
    }
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Never keep a response that sets a cookie, or one the app marked private or no-store
    # (a page whose keys changed while it was rendered). Hit-for-miss for a second only,
    # so the next cacheable answer is stored.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store)" || beresp.http.Surrogate-Control ~ "no-store") {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
        set beresp.grace = 24h;
        return (deliver);
    }
    # No surrogate lifetime: only what Cache-Control allows (immutable build assets, the
    # canonical-spelling redirects); nothing else.
    if (beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
    }
    return (deliver);
}

sub vcl_backend_error {
    # A backend error is never cached; a graced copy is served instead when there is one.
    set beresp.ttl = 0s;
}

sub vcl_deliver {
    if (req.http.X-Front-Pass) {
        set resp.http.X-Front-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Front-Cache = "HIT";
    } else {
        set resp.http.X-Front-Cache = "MISS";
    }
    # Keys and the surrogate lifetime are for this cache only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
}
