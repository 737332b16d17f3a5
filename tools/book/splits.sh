#!/bin/bash
# tools/book/splits.sh SIZES - what each way of splitting the 4 GiB of a
# 32-bit address space leaves the kernel, computed from the kit's own
# constants (the questions chapter, "why not map all RAM").
#
# SIZES is `nm -S` of i386_sizes.o (make book-figures writes it): the
# kit's __PAGE_OFFSET and VMALLOC_RESERVE, and sizeof(struct page), as
# the kernel's compiler sees them.  Each row keeps the kit's rule - the
# direct map is the kernel's share of the 4 GiB minus the reserve for
# vmalloc, pkmap and the fixmap - and changes one thing: the split
# (Linux's CONFIG_VMSPLIT_*), the reserve (the vmalloc= boot option), or
# the whole address space (the 4G/4G patch).  Columns, in MiB: user
# space, the direct map (low memory at most), the high memory of a 4 GiB
# and of a 64 GiB machine (PAE's limit), and the share of low memory that
# the 64 GiB machine's mem_map takes.

set -eu
sizes=${1:?usage: tools/book/splits.sh build/book-figures/i386_sizes.txt}
get() { local h; h=$(awk -v n="book_$1" '$4 == n { print $2 }' "$sizes"); [ -n "$h" ] && echo $((16#$h)); }
page_offset=$(get page_offset_mib)
reserve=$(get vmalloc_reserve_mib)
spage=$(get struct_page)
[ -n "$page_offset" ] && [ -n "$reserve" ] && [ -n "$spage" ] ||
	{ echo "splits: $sizes lacks the kit's constants (make book-figures)" >&2; exit 1; }

row() {	# row NAME KERNEL_MIB RESERVE_MIB [USER_MIB]
	local user=${4:-$((4096 - $2))} low=$(($2 - $3))
	local high4=$((4096 > low ? 4096 - low : 0)) high64=$((65536 - low))
	printf '%-30s %6d %8d %8d %9d %10d%%\n' "$1" "$user" "$low" "$high4" "$high64" \
		$((100 * memmap64 / low))
}
memmap64=$((65536 * 256 * spage / 1048576))
printf '%-30s %6s %8s %8s %9s %11s\n' "split (MiB)" user lowmem "high@4G" "high@64G" "mem_map@64G"
row "kit: 3G/1G, vmalloc $reserve MiB" $((4096 - page_offset)) "$reserve"
row "3G/1G, vmalloc=256M" $((4096 - page_offset)) 256
row "3G/1G, vmalloc=64M" $((4096 - page_offset)) 64
row "VMSPLIT_3G_OPT (0xB0000000)" 1280 "$reserve"
row "VMSPLIT_2G (0x80000000)" 2048 "$reserve"
row "VMSPLIT_1G (0x40000000)" 3072 "$reserve"
row "4G/4G patch (own 4 GiB)" 4096 "$reserve" 4096
echo "struct page: $spage bytes; the mem_map of 64 GiB (PAE's limit) takes $memmap64 MiB of low memory"
