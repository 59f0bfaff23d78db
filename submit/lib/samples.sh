# Sample photos with people for the demo run, taken from Debian packages (no root needed):
# opencv-doc (messi5.jpg, basketball1.png, basketball2.png) and python3-skimage (astronaut.png,
# camera.png). Cached under ${POSESPARK_CACHE:-$HOME/.cache/posespark}/samples/photos.
# Sourced, not executed; needs common.sh (posespark_die).

posespark_sample_photos() {
  local cache="${POSESPARK_CACHE:-$HOME/.cache/posespark}"
  local dir="$cache/samples/photos"
  if [ -f "$dir/.complete" ]; then
    echo "$dir"
    return 0
  fi
  command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    || posespark_die "the demo fetches sample photos with apt-get and dpkg (Debian/Ubuntu); give --input instead"
  mkdir -p "$cache/samples"
  local tmp
  tmp="$(mktemp -d "$cache/samples/.fetch.XXXXXX")"
  echo "fetching sample photos (apt-get download opencv-doc python3-skimage) ..." >&2
  (cd "$tmp" && apt-get download opencv-doc python3-skimage >&2 2>/dev/null) \
    || { rm -rf "$tmp"; posespark_die "apt-get download opencv-doc python3-skimage failed (try apt-get update)"; }
  local deb
  for deb in "$tmp"/*.deb; do
    dpkg -x "$deb" "$tmp/x" || { rm -rf "$tmp"; posespark_die "dpkg -x $deb failed"; }
  done
  mkdir -p "$tmp/photos"
  local opencv="$tmp/x/usr/share/doc/opencv-doc/examples/data"
  local skimage="$tmp/x/usr/lib/python3/dist-packages/skimage/data"
  cp "$opencv/messi5.jpg" "$opencv/basketball1.png" "$opencv/basketball2.png" \
     "$skimage/astronaut.png" "$skimage/camera.png" "$tmp/photos/" \
    || { rm -rf "$tmp"; posespark_die "sample photos missing from the Debian packages"; }
  touch "$tmp/photos/.complete" # dot files are skipped by Spark's file listing
  rm -rf "$dir"
  mv "$tmp/photos" "$dir"
  rm -rf "$tmp"
  echo "$dir"
}
