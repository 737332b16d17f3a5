/**
 * @file mkdisk.c
 * @brief Host tool: write the kit's bootable raw disk image.
 *
 * @verbatim
 *   mkdisk -o disk.img --stage1 stage1.bin --stage2 stage2.bin
 *          --kernel kernel.elf [--cmdline "text"]
 *   mkdisk --set-cmdline disk.img "text"
 * @endverbatim
 *
 * The first form builds a whole image; the second rewrites only sector 1,
 * which is how runners change the kernel command line without a rebuild.
 * Layout (numbers in kernel/boot/boot.h, shared with the loader):
 *
 * @verbatim
 *   LBA 0      stage 1, with the boot table patched at BOOT_TABLE_OFF
 *   LBA 1      command line, NUL-terminated, zero-padded to 512 bytes
 *   LBA 2..63  stage 2 (at most 62 sectors)
 *   LBA 64..   the kernel ELF file, byte for byte
 *   ...        zeros up to a whole number of cylinders, at least 4 MiB
 * @endverbatim
 *
 * Why whole cylinders: Bochs derives a disk geometry from a flat image's
 * size, with 16 heads and 63 sectors per track, so the size must be a
 * multiple of one cylinder, 16 * 63 * 512 = 516096 bytes.  4 MiB is not
 * (8.13 cylinders), so the smallest image is 9 cylinders, 4644864 bytes.
 *
 * The image is written to IMAGE.tmp and renamed, so a failed run never
 * leaves a half-written image behind.
 */
#define _GNU_SOURCE		/* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kernel/boot/boot.h"

#define CYLINDER_BYTES	(DISK_HEADS * DISK_SECTORS_PER_TRACK * SECTOR_SIZE)

struct options {
	const char *out;
	const char *stage1;
	const char *stage2;
	const char *kernel;
	const char *cmdline;
};

/* A file read whole into memory. */
struct blob {
	unsigned char *data;
	size_t size;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mkdisk -o IMAGE --stage1 FILE --stage2 FILE --kernel ELF [--cmdline TEXT]\n"
		"       mkdisk --set-cmdline IMAGE TEXT\n");
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkdisk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static struct blob read_blob(const char *path, const char *what)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	long size;

	if (!f)
		die("cannot open %s '%s': %s", what, path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die("cannot size %s '%s': %s", what, path, strerror(errno));
	b.size = size;
	b.data = malloc(b.size ? b.size : 1);
	if (!b.data)
		die("out of memory reading '%s'", path);
	if (fread(b.data, 1, b.size, f) != b.size)
		die("cannot read %s '%s'", what, path);
	fclose(f);
	return b;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* True if @mbr looks like our stage 1: signature and boot-table magic. */
static int is_our_mbr(const unsigned char *mbr)
{
	return mbr[MBR_SIGNATURE_OFF] == 0x55 &&
	       mbr[MBR_SIGNATURE_OFF + 1] == 0xAA &&
	       get_le32(mbr + BOOT_TABLE_OFF + BT_MAGIC) == BOOT_TABLE_MAGIC;
}

static void check_stage1(const struct blob *s1, const char *path)
{
	if (s1->size != SECTOR_SIZE)
		die("stage 1 '%s' is %zu bytes, must be exactly %d",
		    path, s1->size, SECTOR_SIZE);
	if (!is_our_mbr(s1->data))
		die("stage 1 '%s' has no 0x55AA signature or boot table", path);
}

static uint32_t stage2_sectors(const struct blob *s2, const char *path)
{
	size_t sectors = (s2->size + SECTOR_SIZE - 1) / SECTOR_SIZE;

	if (sectors == 0)
		die("stage 2 '%s' is empty", path);
	if (sectors > STAGE2_MAX_SECTORS)
		die("stage 2 '%s' is %zu bytes (%zu sectors); at most %d sectors (%d bytes) fit before LBA %d",
		    path, s2->size, sectors, STAGE2_MAX_SECTORS,
		    STAGE2_MAX_SECTORS * SECTOR_SIZE, KERNEL_LBA);
	return sectors;
}

/* A light check; stage 2 checks the ELF fully at boot. */
static void check_kernel(const struct blob *k, const char *path)
{
	if (k->size < 52 || memcmp(k->data, "\177ELF", 4) != 0)
		die("kernel '%s' is not an ELF file", path);
	if (k->data[4] != 1 || k->data[18] != 3 || k->data[19] != 0)
		die("kernel '%s' is not a 32-bit i386 ELF file", path);
	if (k->size > UINT32_MAX)
		die("kernel '%s' is too big", path);
}

/* Fill the 512-byte command-line sector from @text. */
static void make_cmdline_sector(unsigned char *sector, const char *text)
{
	size_t len = strlen(text);

	if (len > CMDLINE_MAX)
		die("command line is %zu characters, at most %d fit in one sector",
		    len, CMDLINE_MAX);
	memset(sector, 0, SECTOR_SIZE);
	memcpy(sector, text, len);
}

/* Image size: room for everything, at least 4 MiB, whole cylinders. */
static off_t image_size(size_t kernel_bytes)
{
	off_t need = (off_t)KERNEL_LBA * SECTOR_SIZE + kernel_bytes;

	if (need < DISK_MIN_BYTES)
		need = DISK_MIN_BYTES;
	return (need + CYLINDER_BYTES - 1) / CYLINDER_BYTES * CYLINDER_BYTES;
}

static void write_at(int fd, const void *buf, size_t len, off_t off,
		     const char *path)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot write '%s': %s", path,
			    n < 0 ? strerror(errno) : "short write");
		p += n;
		len -= n;
		off += n;
	}
}

/* Patch the boot table in our copy of stage 1. */
static void patch_boot_table(unsigned char *mbr, uint32_t s2_sectors,
			     uint32_t kernel_size)
{
	unsigned char *bt = mbr + BOOT_TABLE_OFF;

	put_le32(bt + BT_MAGIC, BOOT_TABLE_MAGIC);
	put_le32(bt + BT_STAGE2_LBA, STAGE2_LBA);
	put_le32(bt + BT_STAGE2_SECTORS, s2_sectors);
	put_le32(bt + BT_KERNEL_LBA, KERNEL_LBA);
	put_le32(bt + BT_KERNEL_SIZE, kernel_size);
	put_le32(bt + BT_CMDLINE_LBA, CMDLINE_LBA);
}

static void write_image(const char *path, const struct blob *s1,
			const struct blob *s2, const struct blob *k,
			const unsigned char *cmdline)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die("cannot create '%s': %s", path, strerror(errno));
	write_at(fd, s1->data, SECTOR_SIZE, 0, path);
	write_at(fd, cmdline, SECTOR_SIZE, (off_t)CMDLINE_LBA * SECTOR_SIZE,
		 path);
	write_at(fd, s2->data, s2->size, (off_t)STAGE2_LBA * SECTOR_SIZE, path);
	write_at(fd, k->data, k->size, (off_t)KERNEL_LBA * SECTOR_SIZE, path);
	if (ftruncate(fd, image_size(k->size)))
		die("cannot size '%s': %s", path, strerror(errno));
	if (close(fd))
		die("cannot write '%s': %s", path, strerror(errno));
}

static int build_image(const struct options *o)
{
	unsigned char cmdline[SECTOR_SIZE];
	struct blob s1, s2, k;
	char *tmp;

	if (!o->out || !o->stage1 || !o->stage2 || !o->kernel) {
		usage(stderr);
		die("-o, --stage1, --stage2 and --kernel are all required");
	}
	make_cmdline_sector(cmdline, o->cmdline ? o->cmdline : "");
	s1 = read_blob(o->stage1, "stage 1");
	check_stage1(&s1, o->stage1);
	s2 = read_blob(o->stage2, "stage 2");
	k = read_blob(o->kernel, "kernel");
	check_kernel(&k, o->kernel);
	patch_boot_table(s1.data, stage2_sectors(&s2, o->stage2), k.size);

	if (asprintf(&tmp, "%s.tmp", o->out) < 0)
		die("out of memory");
	write_image(tmp, &s1, &s2, &k, cmdline);
	if (rename(tmp, o->out))
		die("cannot rename '%s' to '%s': %s", tmp, o->out,
		    strerror(errno));
	free(tmp);
	free(s1.data);
	free(s2.data);
	free(k.data);
	return 0;
}

/* mkdisk --set-cmdline IMAGE TEXT: rewrite sector CMDLINE_LBA only. */
static int set_cmdline(const char *path, const char *text)
{
	unsigned char sector[SECTOR_SIZE], mbr[SECTOR_SIZE];
	int fd;

	make_cmdline_sector(sector, text);
	fd = open(path, O_RDWR);
	if (fd < 0)
		die("cannot open image '%s': %s", path, strerror(errno));
	if (pread(fd, mbr, SECTOR_SIZE, 0) != SECTOR_SIZE || !is_our_mbr(mbr))
		die("'%s' is not an mkdisk image (no boot table in sector 0)",
		    path);
	write_at(fd, sector, SECTOR_SIZE, (off_t)CMDLINE_LBA * SECTOR_SIZE,
		 path);
	if (close(fd))
		die("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

enum { OPT_STAGE1 = 256, OPT_STAGE2, OPT_KERNEL, OPT_CMDLINE, OPT_SET };

static const struct option long_opts[] = {
	{ "output",      required_argument, NULL, 'o' },
	{ "stage1",      required_argument, NULL, OPT_STAGE1 },
	{ "stage2",      required_argument, NULL, OPT_STAGE2 },
	{ "kernel",      required_argument, NULL, OPT_KERNEL },
	{ "cmdline",     required_argument, NULL, OPT_CMDLINE },
	{ "set-cmdline", no_argument,       NULL, OPT_SET },
	{ "help",        no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int main(int argc, char **argv)
{
	struct options o = { 0 };
	int c, set = 0;

	/* "+": stop at the first non-option, so that with --set-cmdline a
	 * TEXT starting with '-' is taken as text, not as an option. */

	while ((c = getopt_long(argc, argv, "+o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':         o.out = optarg; break;
		case OPT_STAGE1:  o.stage1 = optarg; break;
		case OPT_STAGE2:  o.stage2 = optarg; break;
		case OPT_KERNEL:  o.kernel = optarg; break;
		case OPT_CMDLINE: o.cmdline = optarg; break;
		case OPT_SET:     set = 1; break;
		case 'h':         usage(stdout); return 0;
		default:          usage(stderr); return 2;
		}
	}
	if (set) {
		if (argc - optind != 2) {
			usage(stderr);
			die("--set-cmdline takes IMAGE and TEXT");
		}
		return set_cmdline(argv[optind], argv[optind + 1]);
	}
	if (optind != argc) {
		usage(stderr);
		die("unexpected argument '%s'", argv[optind]);
	}
	return build_image(&o);
}
