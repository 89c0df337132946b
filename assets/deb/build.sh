#!/bin/sh
# build.sh VERSION - build whyrelu_VERSION-REV_ARCH.deb in the source tree
# (run by `make deb` from its top): `make install` with PREFIX=/usr and
# Debian's hardening flags into build/deb/debian/whyrelu, a stripped binary,
# the man page and large docs gzipped, the copyright file and changelog, and
# a control file whose Depends come from dpkg-shlibdeps (or, without
# dpkg-dev, from the packages that hold the libraries the binary loads).
set -eu

version=$1
here=$(pwd)
make=${MAKE:-make}
changelog=assets/deb/changelog
top=build/deb
root=$top/debian/whyrelu    # where dpkg-shlibdeps expects the package

# The revision and the maintainer come from the changelog's first entry,
# which must be for this version.
revision=$(sed -n "1s/^whyrelu ($version-\([0-9][0-9.]*\)).*/\1/p" "$changelog")
if [ -z "$revision" ]; then
	echo "deb: $changelog does not start with an entry for version $version" >&2
	exit 1
fi
maintainer=$(sed -n 's/^ -- \(.*>\)  .*/\1/p' "$changelog" | head -n 1)
arch=$(dpkg --print-architecture)
deb=whyrelu_$version-${revision}_$arch.deb

umask 022
rm -rf "$top"
flags() { dpkg-buildflags --get "$1" 2>/dev/null || true; }
"$make" --no-print-directory install B="$top" BIN="$top/whyrelu" \
	PREFIX=/usr DESTDIR="$here/$root" \
	ZSHCOMPDIR=/usr/share/zsh/vendor-completions \
	CFLAGS="$(flags CFLAGS) ${CFLAGS:-}" \
	CPPFLAGS="$(flags CPPFLAGS) ${CPPFLAGS:-}" \
	LDFLAGS="$(flags LDFLAGS) -Wl,-z,now ${LDFLAGS:-}" >/dev/null

bin=$root/usr/bin/whyrelu
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$bin"
gzip -9n "$root/usr/share/man/man1/whyrelu.1"
doc=$root/usr/share/doc/whyrelu
gzip -9n "$doc/README.md" "$doc/README.lessons.md"   # policy: docs over 4 kB
install -m 644 assets/deb/copyright "$doc/copyright"
gzip -9n -c "$changelog" > "$doc/changelog.Debian.gz"
chmod 644 "$doc/changelog.Debian.gz"
# Lessons are the program's data, not documentation.
install -d "$root/usr/share/lintian/overrides"
install -m 644 assets/deb/lintian-overrides "$root/usr/share/lintian/overrides/whyrelu"

# Depends: the shared libraries the binary needs, with versions.
mkdir -p "$root/DEBIAN"
depends=
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
	printf 'Source: whyrelu\n\nPackage: whyrelu\nArchitecture: any\n' \
		> "$top/debian/control"
	depends=$(cd "$top" && dpkg-shlibdeps -O debian/whyrelu/usr/bin/whyrelu |
		sed -n 's/^shlibs:Depends=//p')
else
	depends=$(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' |
		while read -r lib; do
			pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")")
			echo "${pkg%%:*}"
		done | sort -u | paste -sd, - | sed 's/,/, /g')
fi
if [ -z "$depends" ]; then
	echo "deb: could not work out the package's dependencies" >&2
	exit 1
fi
# OpenBLAS is opened at run time (dlopen, for view net and whyrelu net),
# so no tool sees it in the binary.
depends="$depends, libopenblas0-serial | libopenblas0"

size=$(du -sk "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: whyrelu
Version: $version-$revision
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Section: education
Priority: optional
Description: interactive terminal tutorial on activation functions
 whyrelu teaches why neural networks use the rectified linear unit (ReLU)
 the way they do: why zero out the negatives and not max(x, -1), why max()
 at all, and what else has been tried. It draws each activation function
 and its gradient as text and lets the learner move the input, the
 activation's parameter and the depth of a chain of layers, to watch
 gradients saturate, vanish, explode or pass through.
 .
 A course of short lessons with quizzes, saved progress per user, and
 command-line tools to evaluate and plot the activations. It runs in an
 80x24 terminal, over SSH, in ASCII or Unicode, with or without colour.
EOF
(cd "$root" && find usr -type f -exec md5sum {} + | sort -k 2) > "$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
