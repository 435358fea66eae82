/* An ATA channel with a hard disk, driven through its ports as BIOSes
 * and drivers do: IDENTIFY, PIO reads and writes in CHS, LBA28 and LBA48,
 * READ/WRITE MULTIPLE, bus-master DMA with a PRD table in guest memory,
 * and the error, interrupt and reset behaviour. */
#include "iodev/ata.h"

#include "tests/unit/test_iodev.h"
#include "tests/unit/test_storage.h"

#define RAM_SIZE (4u << 20)
#define CMD 0x1F0
#define CTRL 0x3F6
#define BM_BASE 0xC000
#define IRQ 14
#define CYLINDERS 4u
#define SECTORS (CYLINDERS * 16 * 63)

/* Status and error bits. */
#define BSY 0x80
#define DRDY 0x40
#define DSC 0x10
#define DRQ 0x08
#define ERR 0x01
#define ABRT 0x04
#define IDNF 0x10

static struct iobus *bus;
static struct mem *mem;
static struct ata_channel *ata;
static struct ide_busmaster *bm;
static struct irq_probe probe;
static const char *disk_path;
static char err[512];

static void attach_disk(int unit, const char *name, enum disk_image_access access)
{
	const char *path = make_image(name, (uint64_t)SECTORS * 512, 512);
	struct disk_image *image = disk_image_open(path, access, err, sizeof(err));
	ck_assert_msg(image != NULL, "%s", err);
	ck_assert_msg(ata_attach_disk(ata, unit, image, NULL, err, sizeof(err)) == 0, "%s", err);
	disk_path = path;
}

static void setup(void)
{
	memset(&probe, 0, sizeof(probe));
	bus = iobus_create();
	mem = mem_create(RAM_SIZE, 0xFFFFFF);
	struct irq_line line = irq_probe_line(&probe, IRQ);
	ata = ata_channel_create(bus, CMD, CTRL, &line);
	ck_assert_ptr_nonnull(ata);
	bm = ide_busmaster_create(mem);
	ck_assert_ptr_nonnull(bm);
	ck_assert_int_eq(ide_busmaster_map(bm, bus, BM_BASE, true), 0);
	ata_channel_set_busmaster(ata, bm, 0);
	char name[64];
	snprintf(name, sizeof(name), "disk-%d.img", (int)getpid());
	attach_disk(0, name, DISK_IMAGE_READ_WRITE);
}

static void teardown(void)
{
	ata_channel_destroy(ata);
	ide_busmaster_destroy(bm);
	mem_destroy(mem);
	iobus_destroy(bus);
}

static uint8_t status(void)
{
	return inb(bus, CMD + 7);
}

static uint8_t alt_status(void)
{
	return inb(bus, CTRL);
}

static void set_lba28(uint32_t lba, uint8_t count)
{
	outb(bus, CMD + 6, (uint8_t)(0xE0 | (lba >> 24)));
	outb(bus, CMD + 2, count);
	outb(bus, CMD + 3, (uint8_t)lba);
	outb(bus, CMD + 4, (uint8_t)(lba >> 8));
	outb(bus, CMD + 5, (uint8_t)(lba >> 16));
}

static void set_lba48(uint64_t lba, uint16_t count)
{
	outb(bus, CMD + 6, 0x40);
	outb(bus, CMD + 2, (uint8_t)(count >> 8));
	outb(bus, CMD + 3, (uint8_t)(lba >> 24));
	outb(bus, CMD + 4, (uint8_t)(lba >> 32));
	outb(bus, CMD + 5, (uint8_t)(lba >> 40));
	outb(bus, CMD + 2, (uint8_t)count);
	outb(bus, CMD + 3, (uint8_t)lba);
	outb(bus, CMD + 4, (uint8_t)(lba >> 8));
	outb(bus, CMD + 5, (uint8_t)(lba >> 16));
}

static void set_chs(unsigned c, unsigned h, unsigned s, uint8_t count)
{
	outb(bus, CMD + 6, (uint8_t)(0xA0 | h));
	outb(bus, CMD + 2, count);
	outb(bus, CMD + 3, (uint8_t)s);
	outb(bus, CMD + 4, (uint8_t)c);
	outb(bus, CMD + 5, (uint8_t)(c >> 8));
}

/* One DRQ block: the interrupt, DRQ, then the data. */
static void read_data(uint8_t *buf, size_t len)
{
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(status(), DRDY | DSC | DRQ);
	ck_assert_int_eq(probe.level[IRQ], 0);
	for (size_t i = 0; i < len; i += 2) {
		uint16_t w = inw(bus, CMD);
		buf[i] = (uint8_t)w;
		buf[i + 1] = (uint8_t)(w >> 8);
	}
}

static void write_data(const uint8_t *buf, size_t len)
{
	ck_assert_uint_eq(alt_status() & (BSY | DRQ), DRQ);
	for (size_t i = 0; i < len; i += 2)
		outw(bus, CMD, (uint16_t)(buf[i] | buf[i + 1] << 8));
}

static void expect_error(uint8_t error)
{
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(status(), DRDY | DSC | ERR);
	ck_assert_uint_eq(inb(bus, CMD + 1), error);
}

static void expect_done(bool interrupt)
{
	ck_assert_int_eq(probe.level[IRQ], interrupt);
	ck_assert_uint_eq(status(), DRDY | DSC);
}

static void identify(uint16_t *words)
{
	outb(bus, CMD + 6, 0xA0);
	outb(bus, CMD + 7, 0xEC);
	read_data((uint8_t *)words, 512);
	expect_done(false);
}

static void expect_signature(void)
{
	ck_assert_uint_eq(inb(bus, CMD + 2), 1);
	ck_assert_uint_eq(inb(bus, CMD + 3), 1);
	ck_assert_uint_eq(inb(bus, CMD + 4), 0);
	ck_assert_uint_eq(inb(bus, CMD + 5), 0);
	ck_assert_uint_eq(inb(bus, CMD + 1), 0x01);
}

START_TEST(test_signature_and_software_reset)
{
	expect_signature();
	ck_assert_uint_eq(status(), DRDY | DSC);
	set_lba28(1234, 9);
	outb(bus, CTRL, 0x04); /* SRST */
	ck_assert_uint_eq(alt_status(), BSY);
	outb(bus, CTRL, 0x00);
	ck_assert_uint_eq(alt_status(), DRDY | DSC);
	expect_signature();
	ck_assert_uint_eq(inb(bus, CMD + 6), 0x00);
	ck_assert_int_eq(probe.rises[IRQ], 0);
}
END_TEST

START_TEST(test_identify)
{
	uint16_t w[256];
	identify(w);
	char model[41];
	for (int i = 0; i < 20; i++) {
		model[2 * i] = (char)(w[27 + i] >> 8);
		model[2 * i + 1] = (char)w[27 + i];
	}
	model[40] = 0;
	ck_assert_msg(strncmp(model, "GLASSPC HARDDISK    ", 20) == 0, "model '%s'", model);
	ck_assert_uint_eq(w[0] & 0x8000, 0);
	ck_assert_uint_eq(w[1], CYLINDERS);
	ck_assert_uint_eq(w[3], 16);
	ck_assert_uint_eq(w[6], 63);
	ck_assert_uint_eq(w[47], 0x8010);
	ck_assert_uint_eq(w[49] & 0x0300, 0x0300);
	ck_assert_uint_eq(w[53] & 1, 1);
	ck_assert_uint_eq(w[54], CYLINDERS);
	ck_assert_uint_eq(w[57] | (uint32_t)w[58] << 16, SECTORS);
	ck_assert_uint_eq(w[60] | (uint32_t)w[61] << 16, SECTORS);
	ck_assert_uint_eq(w[83] & 0x0400, 0x0400);
	uint64_t lba48 = w[100] | (uint64_t)w[101] << 16 | (uint64_t)w[102] << 32 | (uint64_t)w[103] << 48;
	ck_assert_uint_eq(lba48, SECTORS);
	/* The integrity word: signature and a zero byte sum. */
	ck_assert_uint_eq(w[255] & 0xFF, 0xA5);
	uint8_t sum = 0;
	for (int i = 0; i < 256; i++)
		sum = (uint8_t)(sum + (w[i] & 0xFF) + (w[i] >> 8));
	ck_assert_uint_eq(sum, 0);
	uint64_t sectors;
	struct ata_geometry g;
	ck_assert(ata_disk_geometry(ata, 0, &g, &sectors));
	ck_assert_uint_eq(g.cylinders, CYLINDERS);
	ck_assert_uint_eq(sectors, SECTORS);
	ck_assert_int_eq(ata_device_kind(ata, 0), ATA_DEVICE_DISK);
	ck_assert_int_eq(ata_device_kind(ata, 1), ATA_DEVICE_NONE);
}
END_TEST

START_TEST(test_read_lba28)
{
	uint8_t buf[512];
	uint64_t before = ata_channel_transfers(ata);
	set_lba28(100, 2);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
	expect_pattern(buf, 100, 512);
	read_data(buf, 512);
	expect_pattern(buf, 101, 512);
	expect_done(false);
	/* The activity light saw both blocks. */
	ck_assert_uint_eq(ata_channel_transfers(ata) - before, 2);
	/* The registers name the last sector read. */
	ck_assert_uint_eq(inb(bus, CMD + 2), 0);
	ck_assert_uint_eq(inb(bus, CMD + 3), 101);
	/* Count 0 means 256 sectors. */
	set_lba28(0, 0);
	outb(bus, CMD + 7, 0x20);
	for (int i = 0; i < 256; i++) {
		read_data(buf, 512);
		expect_pattern(buf, (uint64_t)i, 512);
	}
	expect_done(false);
}
END_TEST

START_TEST(test_read_chs)
{
	uint8_t buf[512];
	set_chs(1, 2, 5, 3);
	outb(bus, CMD + 7, 0x20);
	unsigned lba = (1 * 16 + 2) * 63 + 4;
	for (unsigned i = 0; i < 3; i++) {
		read_data(buf, 512);
		expect_pattern(buf, lba + i, 512);
	}
	expect_done(false);
	ck_assert_uint_eq(inb(bus, CMD + 3), 7);
	ck_assert_uint_eq(inb(bus, CMD + 4), 1);
	ck_assert_uint_eq(inb(bus, CMD + 6) & 0x0F, 2);
	/* Across a track: sector 63 then head 3 sector 1. */
	set_chs(0, 2, 63, 2);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
	expect_pattern(buf, 2 * 63 + 62, 512);
	read_data(buf, 512);
	expect_pattern(buf, 3 * 63, 512);
	ck_assert_uint_eq(inb(bus, CMD + 3), 1);
	ck_assert_uint_eq(inb(bus, CMD + 6) & 0x0F, 3);
}
END_TEST

START_TEST(test_read_lba48)
{
	uint8_t buf[512];
	set_lba48(4000, 3);
	outb(bus, CMD + 7, 0x24);
	for (int i = 0; i < 3; i++) {
		read_data(buf, 512);
		expect_pattern(buf, 4000u + i, 512);
	}
	expect_done(false);
	/* HOB reads the high bytes of the last address. */
	ck_assert_uint_eq(inb(bus, CMD + 3), (4002 & 0xFF));
	ck_assert_uint_eq(inb(bus, CMD + 4), 4002 >> 8);
	outb(bus, CTRL, 0x80);
	ck_assert_uint_eq(inb(bus, CMD + 3), 0);
	ck_assert_uint_eq(inb(bus, CMD + 2), 0);
	outb(bus, CTRL, 0x00);
	/* An address only 48 bits reach. */
	set_lba48(0x123456789ULL, 1);
	outb(bus, CMD + 7, 0x24);
	expect_error(IDNF);
}
END_TEST

START_TEST(test_write_sectors)
{
	uint8_t data[1024], file[1024];
	for (int i = 0; i < 1024; i++)
		data[i] = (uint8_t)(i * 3 + 7);
	set_lba28(500, 2);
	outb(bus, CMD + 7, 0x30);
	/* The first block is asked for without an interrupt. */
	ck_assert_int_eq(probe.level[IRQ], 0);
	write_data(data, 512);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(status(), DRDY | DSC | DRQ);
	write_data(data + 512, 512);
	expect_done(true);
	read_file(disk_path, 500 * 512, file, sizeof(file));
	ck_assert_int_eq(memcmp(file, data, sizeof(data)), 0);
	/* LBA48 write, read back. */
	set_lba48(4031, 1);
	outb(bus, CMD + 7, 0x34);
	write_data(data, 512);
	expect_done(true);
	set_lba28(4031, 1);
	outb(bus, CMD + 7, 0x20);
	uint8_t back[512];
	read_data(back, 512);
	ck_assert_int_eq(memcmp(back, data, 512), 0);
}
END_TEST

START_TEST(test_multiple)
{
	uint8_t buf[4 * 512];
	/* Multiple mode is off at power-on. */
	set_lba28(0, 8);
	outb(bus, CMD + 7, 0xC4);
	expect_error(ABRT);
	/* Not a power of two. */
	outb(bus, CMD + 2, 3);
	outb(bus, CMD + 7, 0xC6);
	expect_error(ABRT);
	outb(bus, CMD + 2, 4);
	outb(bus, CMD + 7, 0xC6);
	expect_done(true);
	uint16_t w[256];
	identify(w);
	ck_assert_uint_eq(w[59], 0x0104);
	set_lba28(20, 10);
	outb(bus, CMD + 7, 0xC4);
	read_data(buf, 4 * 512);
	for (int i = 0; i < 4; i++)
		expect_pattern(buf + i * 512, 20u + i, 512);
	read_data(buf, 4 * 512);
	for (int i = 0; i < 4; i++)
		expect_pattern(buf + i * 512, 24u + i, 512);
	read_data(buf, 2 * 512); /* the short last block */
	for (int i = 0; i < 2; i++)
		expect_pattern(buf + i * 512, 28u + i, 512);
	expect_done(false);
	/* WRITE MULTIPLE: six sectors in blocks of four and two. */
	uint8_t data[6 * 512];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 11);
	set_lba28(1000, 6);
	outb(bus, CMD + 7, 0xC5);
	write_data(data, 4 * 512);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(status(), DRDY | DSC | DRQ);
	write_data(data + 4 * 512, 2 * 512);
	expect_done(true);
	uint8_t file[6 * 512];
	read_file(disk_path, 1000 * 512, file, sizeof(file));
	ck_assert_int_eq(memcmp(file, data, sizeof(data)), 0);
}
END_TEST

/* A PRD table at 0x1000 with two 1 KiB buffers. */
static void prd_table(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	mem_write32(mem, 0x1000, a);
	mem_write32(mem, 0x1004, alen);
	mem_write32(mem, 0x1008, b);
	mem_write32(mem, 0x100C, blen | 0x80000000u);
	iobus_write(bus, BM_BASE + 4, 0x1000, 4);
}

START_TEST(test_dma_read_and_write)
{
	prd_table(0x20000, 1024, 0x30000, 1024);
	outb(bus, BM_BASE + 2, 0x06); /* clear interrupt and error */
	outb(bus, BM_BASE, 0x08);     /* to memory, not started */
	set_lba28(10, 4);
	outb(bus, CMD + 7, 0xC8);
	/* Nothing moves until the engine starts. */
	ck_assert_int_eq(probe.level[IRQ], 0);
	ck_assert_uint_eq(alt_status() & DRQ, DRQ);
	outb(bus, BM_BASE, 0x09);
	ck_assert_int_eq(probe.level[IRQ], 1);
	/* The table is used up exactly: active clear, interrupt set. */
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x07, 0x04);
	outb(bus, BM_BASE, 0x08);
	outb(bus, BM_BASE + 2, 0x04);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x07, 0x00);
	expect_done(true);
	uint8_t buf[1024];
	mem_store(mem, 0x20000, buf, 1024);
	expect_pattern(buf, 10, 512);
	expect_pattern(buf + 512, 11, 512);
	mem_store(mem, 0x30000, buf, 1024);
	expect_pattern(buf, 12, 512);
	expect_pattern(buf + 512, 13, 512);

	/* WRITE DMA, with the engine started before the command. */
	uint8_t data[2048];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0xA5);
	mem_load(mem, 0x20000, data, 1024);
	mem_load(mem, 0x30000, data + 1024, 1024);
	outb(bus, BM_BASE, 0x00);
	outb(bus, BM_BASE, 0x01);
	set_lba28(2000, 4);
	outb(bus, CMD + 7, 0xCA);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x07, 0x04);
	outb(bus, BM_BASE, 0x00);
	expect_done(true);
	ck_assert_uint_gt(ata_channel_transfers(ata), 0);
	uint8_t file[2048];
	read_file(disk_path, 2000 * 512, file, sizeof(file));
	ck_assert_int_eq(memcmp(file, data, sizeof(data)), 0);
}
END_TEST

START_TEST(test_dma_errors)
{
	/* A table shorter than the command. */
	prd_table(0x20000, 512, 0x30000, 512);
	outb(bus, BM_BASE, 0x08);
	set_lba28(0, 4);
	outb(bus, CMD + 7, 0xC8);
	outb(bus, BM_BASE, 0x09);
	expect_error(ABRT);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x01, 0x00);
	outb(bus, BM_BASE, 0x08);
	/* A table longer than the command: still active at the end. */
	prd_table(0x20000, 4096, 0x30000, 4096);
	set_lba28(0, 2);
	outb(bus, CMD + 7, 0xC8);
	outb(bus, BM_BASE, 0x09);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x05, 0x05);
	expect_done(true);
	outb(bus, BM_BASE, 0x08);
	/* The direction bit disagrees with the command. */
	outb(bus, BM_BASE, 0x00);
	set_lba28(0, 1);
	outb(bus, CMD + 7, 0xC8);
	outb(bus, BM_BASE, 0x01);
	expect_error(ABRT);
	outb(bus, BM_BASE, 0x00);
	/* Past the end of the disk: refused before anything moves. */
	outb(bus, BM_BASE, 0x08);
	set_lba28(SECTORS - 1, 2);
	outb(bus, CMD + 7, 0xC8);
	expect_error(IDNF);
	/* A PRD table with no end entry: the walk wraps within its 64 KiB
	 * page and ends with the command's data. */
	for (uint32_t i = 0; i < 0x10000; i += 8) {
		mem_write32(mem, 0x100000 + i, 0x200000);
		mem_write32(mem, 0x100000 + i + 4, 2);
	}
	iobus_write(bus, BM_BASE + 4, 0x100000, 4);
	outb(bus, BM_BASE, 0x08);
	set_lba48(0, 128);
	outb(bus, CMD + 7, 0x25);
	outb(bus, BM_BASE, 0x09);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(status(), DRDY | DSC);
}
END_TEST

START_TEST(test_out_of_range)
{
	uint8_t buf[512];
	set_lba28(SECTORS - 2, 4);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	set_lba28(SECTORS, 1);
	outb(bus, CMD + 7, 0x30);
	expect_error(IDNF);
	ck_assert_uint_eq(alt_status() & DRQ, 0);
	/* The last sector itself is fine. */
	set_lba28(SECTORS - 1, 1);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
	expect_pattern(buf, SECTORS - 1, 512);
	/* CHS beyond the geometry: cylinder, head, sector 0 and 64. */
	set_chs(CYLINDERS, 0, 1, 1);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	set_chs(0, 0, 0, 1);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	set_chs(0, 0, 64, 1);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	set_lba28(SECTORS, 1);
	outb(bus, CMD + 7, 0x40);
	expect_error(IDNF);
	set_lba28(0x0FFFFFFF, 1);
	outb(bus, CMD + 7, 0x70);
	expect_error(IDNF);
	/* Reading the data port with nothing to read changes nothing. */
	ck_assert_uint_eq(inw(bus, CMD), 0xFFFF);
	ck_assert_uint_eq(status(), DRDY | DSC | ERR);
}
END_TEST

START_TEST(test_bad_commands)
{
	outb(bus, CMD + 6, 0xA0);
	outb(bus, CMD + 7, 0xFF);
	expect_error(ABRT);
	outb(bus, CMD + 7, 0x00); /* NOP always aborts */
	expect_error(ABRT);
	outb(bus, CMD + 7, 0xA0); /* PACKET: not a packet device */
	expect_error(ABRT);
	outb(bus, CMD + 7, 0xA1);
	expect_error(ABRT);
	outb(bus, CMD + 1, 0x77);
	outb(bus, CMD + 7, 0xEF);
	expect_error(ABRT);
	/* A good command clears the error. */
	outb(bus, CMD + 7, 0x10); /* RECALIBRATE */
	expect_done(true);
	ck_assert_uint_eq(inb(bus, CMD + 1), 0);
}
END_TEST

START_TEST(test_set_features_and_power)
{
	outb(bus, CMD + 6, 0xA0);
	outb(bus, CMD + 1, 0x03);
	outb(bus, CMD + 2, 0x21); /* multiword DMA mode 1 */
	outb(bus, CMD + 7, 0xEF);
	expect_done(true);
	uint16_t w[256];
	identify(w);
	ck_assert_uint_eq(w[63], 0x0207);
	outb(bus, CMD + 1, 0x03);
	outb(bus, CMD + 2, 0x47); /* Ultra DMA 7: not supported */
	outb(bus, CMD + 7, 0xEF);
	expect_error(ABRT);
	outb(bus, CMD + 1, 0x82); /* write cache off */
	outb(bus, CMD + 7, 0xEF);
	expect_done(true);
	identify(w);
	ck_assert_uint_eq(w[85] & 0x20, 0);
	outb(bus, CMD + 7, 0xE7);
	expect_done(true);
	outb(bus, CMD + 7, 0xEA);
	expect_done(true);
	outb(bus, CMD + 7, 0xE5);
	expect_done(true);
	ck_assert_uint_eq(inb(bus, CMD + 2), 0xFF);
	outb(bus, CMD + 7, 0xE1);
	expect_done(true);
}
END_TEST

START_TEST(test_initialize_device_parameters)
{
	outb(bus, CMD + 6, 0xA7); /* 8 heads */
	outb(bus, CMD + 2, 32);
	outb(bus, CMD + 7, 0x91);
	expect_done(true);
	uint16_t w[256];
	identify(w);
	ck_assert_uint_eq(w[54], SECTORS / (8 * 32));
	ck_assert_uint_eq(w[55], 8);
	ck_assert_uint_eq(w[56], 32);
	ck_assert_uint_eq(w[1], CYLINDERS); /* the default geometry stays */
	uint8_t buf[512];
	set_chs(2, 7, 32, 1);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
	expect_pattern(buf, (2 * 8 + 7) * 32 + 31, 512);
	/* Heads beyond the new translation. */
	set_chs(0, 8, 1, 1);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	/* Zero sectors per track: every CHS access fails until fixed. */
	outb(bus, CMD + 6, 0xAF);
	outb(bus, CMD + 2, 0);
	outb(bus, CMD + 7, 0x91);
	expect_done(true);
	set_chs(0, 0, 1, 1);
	outb(bus, CMD + 7, 0x20);
	expect_error(IDNF);
	set_lba28(0, 1);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
}
END_TEST

START_TEST(test_interrupt_enable)
{
	outb(bus, CTRL, 0x02); /* nIEN */
	outb(bus, CMD + 6, 0xA0);
	outb(bus, CMD + 7, 0xEC);
	ck_assert_int_eq(probe.rises[IRQ], 0);
	ck_assert_uint_eq(alt_status(), DRDY | DSC | DRQ);
	/* Turning interrupts back on shows the pending one. */
	outb(bus, CTRL, 0x00);
	ck_assert_int_eq(probe.level[IRQ], 1);
	/* Alternate status does not acknowledge it; status does. */
	alt_status();
	ck_assert_int_eq(probe.level[IRQ], 1);
	status();
	ck_assert_int_eq(probe.level[IRQ], 0);
	for (int i = 0; i < 256; i++)
		inw(bus, CMD);
	expect_done(false);
	/* The bus master sees the rising line. */
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x04, 0x04);
}
END_TEST

START_TEST(test_absent_slave_and_empty_channel)
{
	outb(bus, CMD + 6, 0xB0);
	ck_assert_uint_eq(status(), 0);
	ck_assert_uint_eq(alt_status(), 0);
	outb(bus, CMD + 7, 0xEC);
	ck_assert_int_eq(probe.level[IRQ], 0);
	ck_assert_uint_eq(status(), 0);
	outb(bus, CMD + 6, 0xA0);
	ck_assert_uint_eq(status(), DRDY | DSC);
	/* Device 0 answers for device 1 with BSY while it is in a software
	 * reset; afterwards device 1's registers read back as written, and
	 * only device 0 shows the signature. */
	outb(bus, CMD + 6, 0xB0);
	outb(bus, CMD + 2, 0x55);
	outb(bus, CTRL, 0x04);
	ck_assert_uint_eq(status(), BSY);
	ck_assert_uint_eq(alt_status(), BSY);
	outb(bus, CTRL, 0x00);
	outb(bus, CMD + 6, 0xB0);
	ck_assert_uint_eq(alt_status(), 0);
	ck_assert_uint_eq(inb(bus, CMD + 2), 0x55);
	outb(bus, CMD + 6, 0xA0);
	ck_assert_uint_eq(inb(bus, CMD + 2), 1);
	/* A channel with nothing on it floats. */
	struct ata_channel *empty = ata_channel_create(bus, 0x170, 0x376, NULL);
	ck_assert_ptr_nonnull(empty);
	ck_assert_uint_eq(inb(bus, 0x177), 0xFF);
	ck_assert_uint_eq(inb(bus, 0x376), 0xFF);
	outb(bus, 0x172, 0x55);
	ck_assert_uint_eq(inb(bus, 0x172), 0xFF);
	ata_channel_destroy(empty);
	/* Decode off: the same. */
	ata_channel_set_decode(ata, false);
	ck_assert_uint_eq(inb(bus, CMD + 7), 0xFF);
	ata_channel_set_decode(ata, true);
	ck_assert_uint_eq(inb(bus, CMD + 7), DRDY | DSC);
}
END_TEST

START_TEST(test_two_disks_and_diagnostic)
{
	attach_disk(1, "slave.img", DISK_IMAGE_READ_ONLY);
	outb(bus, CMD + 6, 0xB0);
	ck_assert_uint_eq(status(), DRDY | DSC);
	/* A write to a read-only disk is refused. */
	set_lba28(5, 1);
	outb(bus, CMD + 6, 0xF0);
	outb(bus, CMD + 7, 0x30);
	uint8_t data[512] = { 0 };
	write_data(data, 512);
	expect_error(ABRT);
	uint8_t file[512];
	read_file(disk_path, 5 * 512, file, sizeof(file));
	expect_pattern(file, 5, 512);
	/* EXECUTE DEVICE DIAGNOSTIC: device 0 answers with the result. */
	outb(bus, CMD + 7, 0x90);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(inb(bus, CMD + 6) & 0x10, 0);
	expect_signature();
	ck_assert_uint_eq(status(), DRDY | DSC);
}
END_TEST

START_TEST(test_32bit_data_port)
{
	set_lba28(42, 1);
	outb(bus, CMD + 7, 0x20);
	ck_assert_uint_eq(status(), DRDY | DSC | DRQ);
	uint8_t buf[512];
	for (int i = 0; i < 512; i += 4) {
		uint32_t v = iobus_read(bus, CMD, 4);
		memcpy(buf + i, &v, 4);
	}
	expect_pattern(buf, 42, 512);
	expect_done(false);
}
END_TEST

START_TEST(test_busmaster_registers)
{
	/* Interrupt and error clear by writing ones; the drive-capable bits
	 * are plain storage; active follows the start bit. */
	outb(bus, BM_BASE + 2, 0x60);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x60);
	outb(bus, BM_BASE, 0x01);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x61);
	outb(bus, BM_BASE, 0x00);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x60);
	ck_assert_uint_eq(inb(bus, BM_BASE), 0x00);
	outb(bus, BM_BASE, 0xFF); /* only start and direction exist */
	ck_assert_uint_eq(inb(bus, BM_BASE), 0x09);
	outb(bus, BM_BASE, 0x00);
	ide_busmaster_interrupt(bm, 0);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2) & 0x04, 0x04);
	outb(bus, BM_BASE + 2, 0x64); /* bits 5-6 are written too */
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x60);
	/* The PRD pointer is dword aligned, by dword or by bytes. */
	iobus_write(bus, BM_BASE + 4, 0x12345677, 4);
	ck_assert_uint_eq(iobus_read(bus, BM_BASE + 4, 4), 0x12345674);
	outb(bus, BM_BASE + 8 + 4, 0x33);
	outb(bus, BM_BASE + 8 + 7, 0x01);
	ck_assert_uint_eq(iobus_read(bus, BM_BASE + 8 + 4, 4), 0x01000030);
	ck_assert_uint_eq(ide_busmaster_read(bm, 12, 4), 0x01000030);
	/* Moved, then decode off: the old and new ports float. */
	ck_assert_int_eq(ide_busmaster_map(bm, bus, 0xD000, true), 0);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0xFF);
	ck_assert_uint_eq(inb(bus, 0xD000 + 2), 0x60);
	ck_assert_int_eq(ide_busmaster_map(bm, bus, 0xD000, false), 0);
	ck_assert_uint_eq(inb(bus, 0xD000 + 2), 0xFF);
	ck_assert_int_eq(ide_busmaster_map(bm, bus, BM_BASE, true), 0);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x60);
	/* Bus mastering off in the PCI command register: nothing moves. */
	ide_busmaster_set_master_enable(bm, false);
	prd_table(0x20000, 512, 0x30000, 512);
	outb(bus, BM_BASE, 0x08);
	set_lba28(0, 2);
	outb(bus, CMD + 7, 0xC8);
	outb(bus, BM_BASE, 0x09);
	expect_error(ABRT);
	ide_busmaster_set_master_enable(bm, true);
	ide_busmaster_reset(bm);
	ck_assert_uint_eq(inb(bus, BM_BASE + 2), 0x00);
}
END_TEST

/* Whatever the guest writes to the ports, PRD tables included, the
 * channel stays within its buffers and the image; afterwards a software
 * reset brings it back. */
START_TEST(test_guest_noise)
{
	const char *path = make_image("noise-cd.iso", 64 * 2048, 2048);
	struct disk_image *cd = disk_image_open(path, DISK_IMAGE_READ_ONLY, err, sizeof(err));
	ck_assert_int_eq(ata_attach_cdrom(ata, 1, cd, err, sizeof(err)), 0);
	static const uint16_t ports[] = { CMD, CMD + 1, CMD + 2, CMD + 3, CMD + 4, CMD + 5, CMD + 6, CMD + 7,
					  CTRL, BM_BASE, BM_BASE + 2, BM_BASE + 4, BM_BASE + 5, BM_BASE + 6,
					  BM_BASE + 7 };
	uint32_t x = 2024;
	for (int i = 0; i < 400000; i++) {
		x = x * 1103515245 + 12345;
		uint16_t port = ports[(x >> 8) % (sizeof(ports) / sizeof(ports[0]))];
		uint8_t v = (uint8_t)(x >> 20);
		switch ((x >> 29) & 3) {
		case 0:
			iobus_write(bus, CMD, x >> 4, 2); /* data */
			break;
		case 1:
			iobus_read(bus, CMD, 2);
			break;
		case 2:
			if (port == CMD + 7 && (v == 0x30 || v == 0x31 || v == 0x34 || v == 0x39 || v == 0xC5 ||
						 v == 0xCA || v == 0xCB || v == 0x35))
				v = 0x20; /* leave the pattern alone: no writes */
			if (port == CTRL)
				v &= 0x06;
			outb(bus, port, v);
			break;
		default:
			inb(bus, port);
			break;
		}
	}
	outb(bus, BM_BASE, 0);
	outb(bus, CTRL, 0x04);
	outb(bus, CTRL, 0x00);
	outb(bus, CMD + 6, 0xA0);
	ck_assert_uint_eq(status(), DRDY | DSC);
	uint8_t buf[512];
	set_lba28(77, 1);
	outb(bus, CMD + 7, 0x20);
	read_data(buf, 512);
	expect_pattern(buf, 77, 512);
}
END_TEST

static Suite *ata_suite(void)
{
	Suite *s = suite_create("ata");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_signature_and_software_reset);
	tcase_add_test(tc, test_identify);
	tcase_add_test(tc, test_read_lba28);
	tcase_add_test(tc, test_read_chs);
	tcase_add_test(tc, test_read_lba48);
	tcase_add_test(tc, test_write_sectors);
	tcase_add_test(tc, test_multiple);
	tcase_add_test(tc, test_dma_read_and_write);
	tcase_add_test(tc, test_dma_errors);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_bad_commands);
	tcase_add_test(tc, test_set_features_and_power);
	tcase_add_test(tc, test_initialize_device_parameters);
	tcase_add_test(tc, test_interrupt_enable);
	tcase_add_test(tc, test_absent_slave_and_empty_channel);
	tcase_add_test(tc, test_two_disks_and_diagnostic);
	tcase_add_test(tc, test_32bit_data_port);
	tcase_add_test(tc, test_busmaster_registers);
	tcase_add_test(tc, test_guest_noise);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	storage_dir_create();
	int status = run_suite(ata_suite());
	storage_dir_remove();
	return status;
}
