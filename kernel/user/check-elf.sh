#!/bin/sh
# check-elf.sh ELF - does a linked user program have the shape the kernel's
# ELF loader expects (see user.ld)?  Silent if so; otherwise says what is
# wrong and exits 1, so the build stops before the kernel embeds it.
#
#   ELF32, little endian, EXEC (static), i386, entry 0x08048000 (_start)
#   exactly two PT_LOADs, in this order:
#     R E  vaddr 0x08048000
#     RW   vaddr page aligned, above the end of the first one
#   every PT_LOAD: offset % 4096 == vaddr % 4096, filesz <= memsz
set -e
f=$1
fail() { echo "check-elf: $f: $*" >&2; exit 1; }

hdr=$(readelf -hW "$f") || fail "not an ELF file"
echo "$hdr" | grep -q 'Class: *ELF32' || fail "not ELF32"
echo "$hdr" | grep -q "Data: *2's complement, little endian" || fail "not little endian"
echo "$hdr" | grep -q 'Type: *EXEC' || fail "not a static executable (EXEC)"
echo "$hdr" | grep -q 'Machine: *Intel 80386' || fail "not i386"
echo "$hdr" | grep -q 'Entry point address: *0x8048000$' || fail "entry is not 0x8048000"

# LOAD Offset VirtAddr PhysAddr FileSiz MemSiz Flg... Align
readelf -lW "$f" | awk -v f="$f" '
# mawk has no strtonum(): read "0x..." hex by hand.
function num(s,   i, v) {
	s = tolower(s)
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function bad(msg) { print "check-elf: " f ": " msg > "/dev/stderr"; err = 1 }
$1 == "LOAD" {
	n++
	off = num($2); va = num($3); filesz = num($5); memsz = num($6)
	flg = ""
	for (i = 7; i < NF; i++)
		flg = flg $i
	if (off % 4096 != va % 4096)
		bad("PT_LOAD " n ": offset and address differ modulo 4096")
	if (filesz > memsz)
		bad("PT_LOAD " n ": filesz > memsz")
	if (n == 1 && (va != 134512640 || flg != "RE"))
		bad("first PT_LOAD is not R E at 0x8048000 (" $3 " " flg ")")
	if (n == 2 && (va % 4096 != 0 || va < end1 || memsz == 0 || flg != "RW"))
		bad("second PT_LOAD is not RW on a page of its own (" $3 " " flg ")")
	end1 = va + memsz
}
END {
	if (n != 2)
		bad(n + 0 " PT_LOADs, not 2")
	exit err
}'
