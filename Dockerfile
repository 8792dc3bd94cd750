# A small CI image with logpipe on PATH (also what the -docker pre-commit hooks run).
#   docker build -t logpipe .
#   docker run --rm -v "$PWD:/src" logpipe lint --spec logpipe.yaml .
# Everything comes from Debian 12 packages; the build tools stay in the first stage.
FROM debian:12-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev meson ninja-build pkg-config python3 git ca-certificates \
      libyaml-dev libcjson-dev libpcre2-dev libgit2-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN meson setup /build -Dbuildtype=release -Dtests=false -Dprefix=/usr/local \
 && ninja -C /build \
 && DESTDIR=/install meson install -C /build --no-rebuild

FROM debian:12-slim
# git: `logpipe check` reads the index of the mounted repository
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libyaml-0-2 libcjson1 libpcre2-8-0 libgit2-1.5 zlib1g git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /install/usr/local/ /usr/local/
WORKDIR /src
ENTRYPOINT ["logpipe"]
CMD ["--help"]
