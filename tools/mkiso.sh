#!/bin/sh
# tools/mkiso.sh - a GRUB rescue ISO that boots the kit's multiboot kernel.
#
#   tools/mkiso.sh -o OUT.iso -k kernel.elf [-c CMDLINE] [-t SECONDS] [-n TITLE]
#
# The ISO boots from a CD, and also from a USB stick written with dd (a
# hybrid image: grub-mkrescue puts an MBR in front of the ISO 9660 file
# system).  GRUB shows one menu entry that loads kernel.elf with
# `multiboot` and CMDLINE; in the menu, `e` edits the command line and
# Ctrl-x boots the edited entry.  -t is the menu's timeout in seconds
# (0: boot at once, for tests).  BIOS only (GRUB's i386-pc platform): the
# kernel is a 32-bit, non-PAE multiboot kernel that expects a BIOS (VGA
# text screen, BIOS data area), see README.md, "Running on a real PC".
#
# Needs grub-mkrescue (grub-common), GRUB's BIOS modules (grub-pc-bin),
# xorriso and mtools: `make deps` installs them.
set -eu

out="" kernel="" cmdline="" timeout=5 title="mmkit"
while getopts o:k:c:t:n: opt; do
	case $opt in
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	c) cmdline=$OPTARG ;;
	t) timeout=$OPTARG ;;
	n) title=$OPTARG ;;
	*) echo "usage: tools/mkiso.sh -o OUT.iso -k kernel.elf [-c CMDLINE] [-t SECONDS] [-n TITLE]" >&2
	   exit 2 ;;
	esac
done
[ -n "$out" ] && [ -n "$kernel" ] || { echo "mkiso: -o and -k are required" >&2; exit 2; }
[ -f "$kernel" ] || { echo "mkiso: $kernel: no such file (build it with make)" >&2; exit 2; }
case $cmdline$title in
*\'*|*\"*|*\\*) echo "mkiso: no quotes or backslashes in the command line or title" >&2; exit 2 ;;
esac
if ! command -v grub-mkrescue >/dev/null || [ ! -d /usr/lib/grub/i386-pc ] ||
   ! command -v xorriso >/dev/null || ! command -v mformat >/dev/null; then
	echo "mkiso: needs grub-mkrescue, GRUB's BIOS modules, xorriso and mtools:" >&2
	echo "       make deps, or apt-get install grub-common grub-pc-bin xorriso mtools" >&2
	exit 1
fi

tree=$(mktemp -d "${TMPDIR:-/tmp}/mkiso.XXXXXX")
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/boot/grub"
cp "$kernel" "$tree/boot/kernel.elf"
# The command line is quoted as one word: GRUB would otherwise expand $
# and split on ; in it.  It joins multiboot's arguments with spaces anyway.
cat > "$tree/boot/grub/grub.cfg" <<CFG
# Written by tools/mkiso.sh.  In the menu: e edits the entry (the kernel's
# command line is the rest of the multiboot line), Ctrl-x boots it.
set timeout=$timeout
set default=0
menuentry '$title' {
	multiboot /boot/kernel.elf '$cmdline'
	boot
}
CFG
# -d: GRUB's BIOS platform only, even if EFI modules are installed too.
grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" "$tree" >"$tree.log" 2>&1 || {
	cat "$tree.log" >&2
	rm -f "$tree.log"
	exit 1
}
rm -f "$tree.log"
