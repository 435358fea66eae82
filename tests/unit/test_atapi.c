/* The ATAPI CD-ROM: signature, IDENTIFY PACKET DEVICE, and packet
 * commands sent through the PIO protocol (and once through bus-master
 * DMA) with a patterned 2048-byte-block image. */
#include "iodev/ata.h"

#include "tests/unit/test_iodev.h"
#include "tests/unit/test_storage.h"

#define RAM_SIZE (4u << 20)
#define CMD 0x170
#define CTRL 0x376
#define BM_BASE 0xC000
#define IRQ 15
#define BLOCKS 300u
#define BLOCK 2048u

#define BSY 0x80
#define DRDY 0x40
#define DRQ 0x08
#define ERR 0x01

static struct iobus *bus;
static struct mem *mem;
static struct ata_channel *ata;
static struct ide_busmaster *bm;
static struct irq_probe probe;
static char err[512];

/* What a packet command ended with. */
struct reply {
	uint8_t data[65536];
	size_t len;
	int chunks;
	uint8_t status, error;
};
static struct reply reply;

static struct disk_image *cd_image(const char *name)
{
	const char *path = make_image(name, (uint64_t)BLOCKS * BLOCK, BLOCK);
	struct disk_image *image = disk_image_open(path, DISK_IMAGE_READ_ONLY, err, sizeof(err));
	ck_assert_msg(image != NULL, "%s", err);
	return image;
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
	ck_assert_int_eq(ide_busmaster_map(bm, bus, BM_BASE, true), 0);
	ata_channel_set_busmaster(ata, bm, 1);
	char name[64];
	snprintf(name, sizeof(name), "cd-%d.iso", (int)getpid());
	ck_assert_msg(ata_attach_cdrom(ata, 0, cd_image(name), err, sizeof(err)) == 0, "%s", err);
	outb(bus, CMD + 6, 0xA0);
}

static void teardown(void)
{
	ata_channel_destroy(ata);
	ide_busmaster_destroy(bm);
	mem_destroy(mem);
	iobus_destroy(bus);
}

/* Sends a packet with the given byte count limit and collects what
 * comes back through the data port. */
static void packet_limit(const uint8_t *cdb, uint16_t limit)
{
	memset(&reply, 0, sizeof(reply));
	outb(bus, CMD + 1, 0); /* PIO */
	outb(bus, CMD + 4, (uint8_t)limit);
	outb(bus, CMD + 5, (uint8_t)(limit >> 8));
	outb(bus, CMD + 7, 0xA0);
	/* The device asks for the packet: DRQ, CoD, no interrupt. */
	ck_assert_uint_eq(inb(bus, CTRL) & (BSY | DRQ), DRQ);
	ck_assert_uint_eq(inb(bus, CMD + 2) & 3, 1);
	ck_assert_int_eq(probe.level[IRQ], 0);
	for (int i = 0; i < 12; i += 2)
		outw(bus, CMD, (uint16_t)(cdb[i] | cdb[i + 1] << 8));
	for (;;) {
		ck_assert_int_eq(probe.level[IRQ], 1);
		uint8_t st = inb(bus, CMD + 7);
		ck_assert_int_eq(probe.level[IRQ], 0);
		uint8_t reason = inb(bus, CMD + 2) & 3;
		if (!(st & DRQ)) {
			ck_assert_uint_eq(reason, 3); /* I/O and CoD: the status phase */
			reply.status = st;
			reply.error = inb(bus, CMD + 1);
			return;
		}
		ck_assert_uint_eq(reason, 2);
		size_t n = inb(bus, CMD + 4) | (size_t)inb(bus, CMD + 5) << 8;
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_le(n, limit);
		ck_assert_uint_le(reply.len + n, sizeof(reply.data));
		for (size_t i = 0; i < n; i += 2) {
			uint16_t w = inw(bus, CMD);
			reply.data[reply.len + i] = (uint8_t)w;
			if (i + 1 < n)
				reply.data[reply.len + i + 1] = (uint8_t)(w >> 8);
		}
		reply.len += n;
		reply.chunks++;
	}
}

static void packet(const uint8_t *cdb)
{
	packet_limit(cdb, 0xFFFE);
}

static void expect_good(void)
{
	ck_assert_msg(reply.status == DRDY, "status %02x error %02x", reply.status, reply.error);
}

static void expect_check(uint8_t key, uint8_t asc, uint8_t ascq)
{
	ck_assert_uint_eq(reply.status, DRDY | ERR);
	ck_assert_uint_eq(reply.error >> 4, key);
	const uint8_t sense[12] = { 0x03, 0, 0, 0, 18 };
	packet(sense);
	expect_good();
	ck_assert_uint_eq(reply.len, 18);
	ck_assert_uint_eq(reply.data[0], 0x70);
	ck_assert_uint_eq(reply.data[2], key);
	ck_assert_uint_eq(reply.data[12], asc);
	ck_assert_uint_eq(reply.data[13], ascq);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

START_TEST(test_signature)
{
	ck_assert_uint_eq(inb(bus, CMD + 2), 1);
	ck_assert_uint_eq(inb(bus, CMD + 3), 1);
	ck_assert_uint_eq(inb(bus, CMD + 4), 0x14);
	ck_assert_uint_eq(inb(bus, CMD + 5), 0xEB);
	ck_assert_uint_eq(inb(bus, CMD + 7), 0x00);
	/* Again after a software reset, with the registers scribbled on. */
	outb(bus, CMD + 4, 0x55);
	outb(bus, CTRL, 0x04);
	outb(bus, CTRL, 0x00);
	ck_assert_uint_eq(inb(bus, CMD + 4), 0x14);
	ck_assert_uint_eq(inb(bus, CMD + 5), 0xEB);
	/* IDENTIFY DEVICE is refused, with the signature in place. */
	outb(bus, CMD + 4, 0);
	outb(bus, CMD + 7, 0xEC);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(inb(bus, CMD + 7) & ERR, ERR);
	ck_assert_uint_eq(inb(bus, CMD + 1), 0x04);
	ck_assert_uint_eq(inb(bus, CMD + 4), 0x14);
	ck_assert_uint_eq(inb(bus, CMD + 5), 0xEB);
	/* DEVICE RESET: the signature, no interrupt. */
	outb(bus, CMD + 7, 0x08);
	ck_assert_int_eq(probe.level[IRQ], 0);
	ck_assert_uint_eq(inb(bus, CMD + 7) & BSY, 0);
	ck_assert_uint_eq(inb(bus, CMD + 5), 0xEB);
}
END_TEST

START_TEST(test_identify_packet_device)
{
	outb(bus, CMD + 7, 0xA1);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(inb(bus, CMD + 7), DRDY | DRQ);
	uint16_t w[256];
	for (int i = 0; i < 256; i++)
		w[i] = inw(bus, CMD);
	ck_assert_uint_eq(inb(bus, CMD + 7), DRDY);
	ck_assert_uint_eq(w[0], 0x85C0);
	ck_assert_uint_eq(w[49] & 0x0300, 0x0300);
	ck_assert_uint_eq(w[82] & 0x0010, 0x0010);
	char model[15];
	for (int i = 0; i < 7; i++) {
		model[2 * i] = (char)(w[27 + i] >> 8);
		model[2 * i + 1] = (char)w[27 + i];
	}
	model[14] = 0;
	ck_assert_str_eq(model, "GLASSPC CD-ROM");
	uint8_t sum = 0;
	for (int i = 0; i < 256; i++)
		sum = (uint8_t)(sum + (w[i] & 0xFF) + (w[i] >> 8));
	ck_assert_uint_eq(sum, 0);
}
END_TEST

START_TEST(test_inquiry_and_capacity)
{
	const uint8_t inquiry[12] = { 0x12, 0, 0, 0, 36 };
	packet(inquiry);
	expect_good();
	ck_assert_uint_eq(reply.len, 36);
	ck_assert_uint_eq(reply.data[0], 0x05);
	ck_assert_uint_eq(reply.data[1], 0x80);
	ck_assert_int_eq(memcmp(reply.data + 8, "GLASSPC ", 8), 0);
	/* The allocation length cuts the reply, even to an odd size. */
	const uint8_t short_inquiry[12] = { 0x12, 0, 0, 0, 5 };
	packet(short_inquiry);
	expect_good();
	ck_assert_uint_eq(reply.len, 5);
	ck_assert_uint_eq(reply.data[4], 31);
	const uint8_t tur[12] = { 0 };
	packet(tur);
	expect_good();
	ck_assert_uint_eq(reply.len, 0);
	const uint8_t capacity[12] = { 0x25 };
	packet(capacity);
	expect_good();
	ck_assert_uint_eq(reply.len, 8);
	ck_assert_uint_eq(be32(reply.data), BLOCKS - 1);
	ck_assert_uint_eq(be32(reply.data + 4), BLOCK);
}
END_TEST

START_TEST(test_read)
{
	const uint8_t read10[12] = { 0x28, 0, 0, 0, 0, 5, 0, 0, 1 };
	packet(read10);
	expect_good();
	ck_assert_uint_eq(reply.len, BLOCK);
	expect_pattern(reply.data, 5, BLOCK);
	/* Three blocks with a limit of one block per DRQ. */
	const uint8_t read12[12] = { 0xA8, 0, 0, 0, 0, 100, 0, 0, 0, 3 };
	packet_limit(read12, BLOCK);
	expect_good();
	ck_assert_int_eq(reply.chunks, 3);
	for (int i = 0; i < 3; i++)
		expect_pattern(reply.data + i * BLOCK, 100u + i, BLOCK);
	/* The last block; and more blocks than the buffer holds. */
	const uint8_t last[12] = { 0x28, 0, 0, 0, BLOCKS >> 8, BLOCKS & 0xFF, 0, 0, 1 };
	uint8_t cdb[12];
	memcpy(cdb, last, 12);
	cdb[5] = (uint8_t)(BLOCKS - 1);
	cdb[4] = (uint8_t)((BLOCKS - 1) >> 8);
	packet(cdb);
	expect_good();
	expect_pattern(reply.data, BLOCKS - 1, BLOCK);
	const uint8_t many[12] = { 0x28, 0, 0, 0, 0, 10, 0, 0, 32 };
	packet_limit(many, 0xF800);
	expect_good();
	ck_assert_uint_eq(reply.len, 32 * BLOCK);
	for (int i = 0; i < 32; i++)
		expect_pattern(reply.data + i * BLOCK, 10u + i, BLOCK);
	/* A zero-length read moves nothing and succeeds. */
	const uint8_t none[12] = { 0x28, 0, 0, 0, 0, 1, 0, 0, 0 };
	packet(none);
	expect_good();
	ck_assert_uint_eq(reply.len, 0);
}
END_TEST

START_TEST(test_errors_and_sense)
{
	/* Past the end of the disc. */
	const uint8_t read10[12] = { 0x28, 0, 0, 0, BLOCKS >> 8, BLOCKS & 0xFF, 0, 0, 1 };
	packet(read10);
	ck_assert_uint_eq(reply.len, 0);
	expect_check(0x5, 0x21, 0);
	const uint8_t straddle[12] = { 0x28, 0, 0, 0, 0, (uint8_t)(BLOCKS - 1), 0, 0, 2 };
	uint8_t cdb[12];
	memcpy(cdb, straddle, 12);
	cdb[4] = (uint8_t)((BLOCKS - 1) >> 8);
	cdb[5] = (uint8_t)(BLOCKS - 1);
	packet(cdb);
	expect_check(0x5, 0x21, 0);
	const uint8_t huge[12] = { 0xA8, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	packet(huge);
	expect_check(0x5, 0x21, 0);
	/* An opcode we do not know. */
	const uint8_t bogus[12] = { 0xEE };
	packet(bogus);
	expect_check(0x5, 0x20, 0);
	/* Sense is cleared once read. */
	const uint8_t sense[12] = { 0x03, 0, 0, 0, 18 };
	packet(sense);
	ck_assert_uint_eq(reply.data[2], 0);
	/* A mode page we do not have, saved values. */
	const uint8_t page[12] = { 0x5A, 0, 0x33, 0, 0, 0, 0, 0, 255 };
	packet(page);
	expect_check(0x5, 0x24, 0);
	const uint8_t saved[12] = { 0x5A, 0, 0xEA, 0, 0, 0, 0, 0, 255 };
	packet(saved);
	expect_check(0x5, 0x39, 0);
}
END_TEST

START_TEST(test_toc)
{
	const uint8_t toc[12] = { 0x43, 0, 0, 0, 0, 0, 0, 0, 100 };
	packet(toc);
	expect_good();
	ck_assert_uint_eq(reply.len, 20);
	ck_assert_uint_eq(reply.data[0] << 8 | reply.data[1], 18);
	ck_assert_uint_eq(reply.data[2], 1);
	ck_assert_uint_eq(reply.data[3], 1);
	ck_assert_uint_eq(reply.data[5], 0x14);
	ck_assert_uint_eq(reply.data[6], 1);
	ck_assert_uint_eq(be32(reply.data + 8), 0);
	ck_assert_uint_eq(reply.data[14], 0xAA);
	ck_assert_uint_eq(be32(reply.data + 16), BLOCKS);
	/* MSF: the lead-out at 300 + 150 frames = 00:06:00. */
	const uint8_t toc_msf[12] = { 0x43, 0x02, 0, 0, 0, 0, 0, 0, 100 };
	packet(toc_msf);
	expect_good();
	ck_assert_uint_eq(be32(reply.data + 8), 0x00000200);
	ck_assert_uint_eq(be32(reply.data + 16), 0x00000600);
	/* Session information. */
	const uint8_t session[12] = { 0x43, 0, 1, 0, 0, 0, 0, 0, 100 };
	packet(session);
	expect_good();
	ck_assert_uint_eq(reply.len, 12);
	ck_assert_uint_eq(reply.data[1], 10);
	/* The raw TOC: A0, A1, A2 and track 1. */
	const uint8_t full[12] = { 0x43, 0x02, 2, 0, 0, 0, 0, 0, 100 };
	packet(full);
	expect_good();
	ck_assert_uint_eq(reply.len, 4 + 4 * 11);
	ck_assert_uint_eq(reply.data[4 + 3], 0xA0);
	ck_assert_uint_eq(reply.data[4 + 22 + 3], 0xA2);
	ck_assert_uint_eq(reply.data[4 + 22 + 9], 6);
	/* A starting track past the last one. */
	const uint8_t bad[12] = { 0x43, 0, 0, 0, 0, 0, 5, 0, 100 };
	packet(bad);
	expect_check(0x5, 0x24, 0);
}
END_TEST

START_TEST(test_mode_sense_configuration_events)
{
	const uint8_t caps[12] = { 0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 255 };
	packet(caps);
	expect_good();
	ck_assert_uint_eq(reply.len, 8 + 20);
	ck_assert_uint_eq(reply.data[2], 0x01);
	ck_assert_uint_eq(reply.data[8], 0x2A);
	ck_assert_uint_eq(reply.data[9], 18);
	const uint8_t all6[12] = { 0x1A, 0, 0x3F, 0, 255 };
	packet(all6);
	expect_good();
	ck_assert_uint_eq(reply.data[0] + 1u, reply.len);
	const uint8_t config[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 255 };
	packet(config);
	expect_good();
	ck_assert_uint_eq(be32(reply.data) + 4, reply.len);
	ck_assert_uint_eq(reply.data[6] << 8 | reply.data[7], 0x0008);
	ck_assert_uint_eq(reply.data[8] << 8 | reply.data[9], 0x0000);
	/* RT 2: just the feature asked for (Core). */
	const uint8_t core[12] = { 0x46, 2, 0, 1, 0, 0, 0, 0, 255 };
	packet(core);
	expect_good();
	ck_assert_uint_eq(reply.len, 8 + 8);
	ck_assert_uint_eq(reply.data[9], 1);
	ck_assert_uint_eq(be32(reply.data + 12), 2);
	const uint8_t events[12] = { 0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8 };
	packet(events);
	expect_good();
	ck_assert_uint_eq(reply.len, 8);
	ck_assert_uint_eq(reply.data[2], 4);
	ck_assert_uint_eq(reply.data[4], 0);    /* no change since power-on */
	ck_assert_uint_eq(reply.data[5], 0x02); /* a disc, tray closed */
	/* Asynchronous notification is refused. */
	const uint8_t async[12] = { 0x4A, 0, 0, 0, 0x10, 0, 0, 0, 8 };
	packet(async);
	expect_check(0x5, 0x24, 0);
}
END_TEST

START_TEST(test_media_change)
{
	ck_assert_int_eq(ata_cdrom_change(ata, 0, NULL, err, sizeof(err)), 0);
	const uint8_t tur[12] = { 0 };
	packet(tur);
	expect_check(0x2, 0x3A, 0x01);
	const uint8_t capacity[12] = { 0x25 };
	packet(capacity);
	expect_check(0x2, 0x3A, 0x01);
	const uint8_t config[12] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 255 };
	packet(config);
	expect_good();
	ck_assert_uint_eq(reply.data[7], 0);
	ck_assert_int_eq(ata_cdrom_change(ata, 0, cd_image("second.iso"), err, sizeof(err)), 0);
	/* GET EVENT STATUS reports the new disc once, without clearing
	 * the unit attention. */
	const uint8_t events[12] = { 0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8 };
	packet(events);
	expect_good();
	ck_assert_uint_eq(reply.data[4], 2);
	packet(events);
	ck_assert_uint_eq(reply.data[4], 0);
	packet(tur);
	expect_check(0x6, 0x28, 0);
	packet(tur);
	expect_good();
}
END_TEST

START_TEST(test_lock_and_eject)
{
	const uint8_t prevent[12] = { 0x1E, 0, 0, 0, 1 };
	const uint8_t allow[12] = { 0x1E, 0, 0, 0, 0 };
	const uint8_t eject[12] = { 0x1B, 0, 0, 0, 0x02 };
	const uint8_t load[12] = { 0x1B, 0, 0, 0, 0x03 };
	const uint8_t tur[12] = { 0 };
	packet(prevent);
	expect_good();
	packet(eject);
	expect_check(0x5, 0x53, 0x02);
	packet(allow);
	expect_good();
	packet(eject);
	expect_good();
	packet(tur);
	expect_check(0x2, 0x3A, 0x02);
	packet(load);
	expect_good();
	packet(tur);
	expect_check(0x6, 0x28, 0);
	packet(tur);
	expect_good();
}
END_TEST

START_TEST(test_dma_read)
{
	mem_write32(mem, 0x1000, 0x40000);
	mem_write32(mem, 0x1004, 0x80000000u | (2 * BLOCK));
	iobus_write(bus, BM_BASE + 8 + 4, 0x1000, 4);
	outb(bus, BM_BASE + 8, 0x08);
	outb(bus, CMD + 1, 0x01); /* DMA */
	outb(bus, CMD + 7, 0xA0);
	const uint8_t read10[12] = { 0x28, 0, 0, 0, 0, 42, 0, 0, 2 };
	for (int i = 0; i < 12; i += 2)
		outw(bus, CMD, (uint16_t)(read10[i] | read10[i + 1] << 8));
	ck_assert_int_eq(probe.level[IRQ], 0);
	outb(bus, BM_BASE + 8, 0x09);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(inb(bus, BM_BASE + 8 + 2) & 0x05, 0x04);
	outb(bus, BM_BASE + 8, 0x08);
	ck_assert_uint_eq(inb(bus, CMD + 7), DRDY);
	ck_assert_uint_eq(inb(bus, CMD + 2) & 3, 3);
	uint8_t buf[2 * BLOCK];
	mem_store(mem, 0x40000, buf, sizeof(buf));
	expect_pattern(buf, 42, BLOCK);
	expect_pattern(buf + BLOCK, 43, BLOCK);
}
END_TEST

START_TEST(test_empty_drive_at_attach)
{
	ata_channel_destroy(ata);
	ata = ata_channel_create(bus, 0x1E8, 0x3EE, NULL);
	ck_assert_int_eq(ata_attach_cdrom(ata, 1, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(ata_device_kind(ata, 1), ATA_DEVICE_CDROM);
	ck_assert(!ata_disk_geometry(ata, 1, NULL, NULL));
	/* Device 1 alone: device 0 is absent and reads status 0. */
	outb(bus, 0x1EE, 0);
	outb(bus, 0x1E8 + 6, 0xA0);
	ck_assert_uint_eq(inb(bus, 0x1E8 + 7), 0);
	outb(bus, 0x1E8 + 6, 0xB0);
	ck_assert_uint_eq(inb(bus, 0x1E8 + 5), 0xEB);
}
END_TEST

static Suite *atapi_suite(void)
{
	Suite *s = suite_create("atapi");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_signature);
	tcase_add_test(tc, test_identify_packet_device);
	tcase_add_test(tc, test_inquiry_and_capacity);
	tcase_add_test(tc, test_read);
	tcase_add_test(tc, test_errors_and_sense);
	tcase_add_test(tc, test_toc);
	tcase_add_test(tc, test_mode_sense_configuration_events);
	tcase_add_test(tc, test_media_change);
	tcase_add_test(tc, test_lock_and_eject);
	tcase_add_test(tc, test_dma_read);
	tcase_add_test(tc, test_empty_drive_at_attach);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	storage_dir_create();
	int status = run_suite(atapi_suite());
	storage_dir_remove();
	return status;
}
