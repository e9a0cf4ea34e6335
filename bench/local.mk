# bench/: benchmarks against libbpf; built and run by `make bench`, never by check.
