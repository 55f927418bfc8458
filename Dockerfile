# syntax=docker/dockerfile:1

# Build: a static binary; the module download is its own layer so a source
# change does not fetch dependencies again.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/optout ./cmd/optout

# Run: Debian's Chromium (optout never downloads a browser), as a non-root user
# whose profiles and receipts live in volumes.
FROM debian:bookworm-slim
RUN apt-get update \
	&& apt-get install -y --no-install-recommends chromium ca-certificates fonts-liberation tini \
	&& rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 10001 optout \
	&& useradd --uid 10001 --gid 10001 --home-dir /home/optout --create-home --shell /usr/sbin/nologin optout \
	&& mkdir -p /home/optout/.config/optout/profiles /home/optout/.local/state/optout \
	&& chown -R optout:optout /home/optout \
	&& chmod 0700 /home/optout/.config/optout/profiles
COPY --from=build /out/optout /usr/local/bin/optout
USER optout
WORKDIR /home/optout
ENV HOME=/home/optout \
	XDG_CONFIG_HOME=/home/optout/.config \
	XDG_STATE_HOME=/home/optout/.local/state \
	OPTOUT_BROWSER=/usr/bin/chromium
VOLUME ["/home/optout/.config/optout/profiles", "/home/optout/.local/state/optout"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/optout"]
CMD ["--help"]
