# The Wiredesk app instances behind this Varnish (included by wiredesk.vcl). Edit the
# addresses; add a backend and its add_backend line per instance.
backend app1 {
    .host = "127.0.0.1";
    .port = "3000";
    .probe = wiredesk_probe;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "3001";
    .probe = wiredesk_probe;
}

sub wiredesk_add_backends {
    wiredesk.add_backend(app1);
    wiredesk.add_backend(app2);
}
