/* The 82077AA floppy controller, driven through its ports the way the
 * BIOSes and DOS drivers do, with data through the real 8237 (channel 2)
 * into guest memory. */
#include "iodev/fdc.h"

#include "tests/unit/test_iodev.h"
#include "tests/unit/test_storage.h"

#define RAM_SIZE (4u << 20)
#define DOR 0x3F2
#define MSR 0x3F4
#define DSR 0x3F4
#define FIFO 0x3F5
#define DIR 0x3F7
#define CCR 0x3F7
#define IRQ 6
#define SIZE_1440K (1474560u)
#define SPT 18

/* DOR: drive 0 motor, DMA gate, out of reset. */
#define DOR_RUN 0x1C

static struct iobus *bus;
static struct mem *mem;
static struct dma *dma;
static struct fdc *fdc;
static struct irq_probe probe;
static char err[512];

static void setup(void)
{
	memset(&probe, 0, sizeof(probe));
	bus = iobus_create();
	mem = mem_create(RAM_SIZE, 0xFFFFFF);
	dma = dma_create(bus, mem);
	ck_assert_ptr_nonnull(dma);
	struct irq_line line = irq_probe_line(&probe, IRQ);
	fdc = fdc_create(bus, FDC_PRIMARY_BASE, &line, dma, FDC_PRIMARY_DMA);
	ck_assert_ptr_nonnull(fdc);
	/* The BIOS's DMA set-up: master clear both, cascade channel 4. */
	outb(bus, 0x0D, 0);
	outb(bus, 0xDA, 0);
	outb(bus, 0xD6, 0xC0);
	outb(bus, 0xD4, 0x00);
}

static void teardown(void)
{
	fdc_destroy(fdc);
	dma_destroy(dma);
	mem_destroy(mem);
	iobus_destroy(bus);
}

static const char *insert(int drive, const char *name, uint64_t size, enum disk_image_access access)
{
	const char *path = make_image(name, size, 512);
	struct disk_image *image = disk_image_open(path, access, err, sizeof(err));
	ck_assert_msg(image != NULL, "%s", err);
	ck_assert_msg(fdc_insert(fdc, drive, image, NULL, err, sizeof(err)) == 0, "%s", err);
	return path;
}

static void send(uint8_t byte)
{
	ck_assert_uint_eq(inb(bus, MSR) & 0xC0, 0x80);
	outb(bus, FIFO, byte);
}

static uint8_t receive(void)
{
	ck_assert_uint_eq(inb(bus, MSR) & 0xC0, 0xC0);
	return inb(bus, FIFO);
}

static void command(const uint8_t *bytes, int n)
{
	for (int i = 0; i < n; i++)
		send(bytes[i]);
}

static void result(uint8_t *out, int n)
{
	for (int i = 0; i < n; i++)
		out[i] = receive();
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
}

static void sense_interrupt(uint8_t *st0, uint8_t *pcn)
{
	send(0x08);
	*st0 = receive();
	*pcn = receive();
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
}

/* Out of reset, and the four polling interrupts sensed. */
static void controller_on(void)
{
	outb(bus, DOR, DOR_RUN);
	for (int i = 0; i < 4; i++) {
		uint8_t st0, pcn;
		sense_interrupt(&st0, &pcn);
		ck_assert_uint_eq(st0, 0xC0 | i);
	}
	outb(bus, CCR, 0); /* 500 kbps: high density */
}

static void seek(int drive, int head, uint8_t cylinder)
{
	uint8_t cmd[3] = { 0x0F, (uint8_t)(head << 2 | drive), cylinder };
	command(cmd, 3);
	ck_assert_int_eq(probe.level[IRQ], 1);
	uint8_t st0, pcn;
	sense_interrupt(&st0, &pcn);
	ck_assert_uint_eq(st0, 0x20 | head << 2 | drive);
	ck_assert_uint_eq(pcn, cylinder);
	ck_assert_int_eq(probe.level[IRQ], 0);
}

/* Channel 2, single mode: mode 0x46 reads into memory, 0x4A writes out. */
static void program_dma(uint8_t mode, uint32_t addr, uint32_t bytes)
{
	uint16_t count = (uint16_t)(bytes - 1);
	outb(bus, 0x0A, 0x06);
	outb(bus, 0x0C, 0);
	outb(bus, 0x0B, mode);
	outb(bus, 0x04, (uint8_t)addr);
	outb(bus, 0x04, (uint8_t)(addr >> 8));
	outb(bus, 0x81, (uint8_t)(addr >> 16));
	outb(bus, 0x05, (uint8_t)count);
	outb(bus, 0x05, (uint8_t)(count >> 8));
	outb(bus, 0x0A, 0x02);
}

/* READ DATA (0x46 | mt) or WRITE DATA (0x45 | mt) on drive 0. */
static void transfer(uint8_t op, int drive, int head, uint8_t c, uint8_t h, uint8_t r, uint8_t eot, uint8_t res[7])
{
	uint8_t cmd[9] = { op, (uint8_t)(head << 2 | drive), c, h, r, 2, eot, 0x1B, 0xFF };
	command(cmd, 9);
	ck_assert_int_eq(probe.level[IRQ], 1);
	result(res, 7);
	ck_assert_int_eq(probe.level[IRQ], 0);
}

static uint32_t lba_1440(unsigned c, unsigned h, unsigned r)
{
	return (c * 2 + h) * SPT + r - 1;
}

START_TEST(test_reset_and_polling)
{
	/* Power-on: held in reset. */
	ck_assert_uint_eq(inb(bus, MSR), 0x00);
	ck_assert_int_eq(probe.level[IRQ], 0);
	outb(bus, DOR, DOR_RUN);
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
	ck_assert_int_eq(probe.level[IRQ], 1);
	for (int i = 0; i < 4; i++) {
		uint8_t st0, pcn;
		sense_interrupt(&st0, &pcn);
		ck_assert_uint_eq(st0, 0xC0 | i);
		ck_assert_uint_eq(pcn, 0);
		ck_assert_int_eq(probe.level[IRQ], 0);
	}
	/* Nothing more to sense: invalid command. */
	send(0x08);
	ck_assert_uint_eq(receive(), 0x80);
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
	/* A DSR software reset interrupts again. */
	outb(bus, DSR, 0x80);
	ck_assert_int_eq(probe.level[IRQ], 1);
	/* Without the DMA gate bit the IRQ line stays low. */
	outb(bus, DOR, 0x14);
	ck_assert_int_eq(probe.level[IRQ], 0);
	outb(bus, DOR, DOR_RUN);
	ck_assert_int_eq(probe.level[IRQ], 1);
}
END_TEST

START_TEST(test_specify_recalibrate_seek)
{
	insert(0, "seek.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	uint8_t specify[3] = { 0x03, 0xAF, 0x02 };
	command(specify, 3);
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
	ck_assert_int_eq(probe.level[IRQ], 0);
	seek(0, 0, 10);
	seek(0, 1, 79);
	uint8_t recal[2] = { 0x07, 0x00 };
	command(recal, 2);
	ck_assert_int_eq(probe.level[IRQ], 1);
	uint8_t st0, pcn;
	sense_interrupt(&st0, &pcn);
	ck_assert_uint_eq(st0, 0x20);
	ck_assert_uint_eq(pcn, 0);
	/* Recalibrating a drive that is not there: equipment check. */
	command((const uint8_t[]){ 0x07, 0x02 }, 2);
	sense_interrupt(&st0, &pcn);
	ck_assert_uint_eq(st0, 0x70 | 2);
	/* Relative seek, outward then inward. */
	command((const uint8_t[]){ 0xCF, 0x00, 5 }, 3);
	sense_interrupt(&st0, &pcn);
	ck_assert_uint_eq(pcn, 5);
	command((const uint8_t[]){ 0x8F, 0x00, 3 }, 3);
	sense_interrupt(&st0, &pcn);
	ck_assert_uint_eq(pcn, 2);
	/* DUMPREG sees the cylinders and SPECIFY's bytes. */
	seek(0, 0, 33);
	send(0x0E);
	uint8_t regs[10];
	result(regs, 10);
	ck_assert_uint_eq(regs[0], 33);
	ck_assert_uint_eq(regs[1], 0);
	ck_assert_uint_eq(regs[4], 0xAF);
	ck_assert_uint_eq(regs[5], 0x02);
	/* SENSE DRIVE STATUS: track 0 flag, write enabled. */
	command((const uint8_t[]){ 0x04, 0x04 }, 2);
	uint8_t st3 = receive();
	ck_assert_uint_eq(st3 & 0x40, 0);
	ck_assert_uint_eq(st3 & 0x10, 0);
	ck_assert_uint_eq(st3 & 0x07, 0x04);
	seek(0, 0, 0);
	command((const uint8_t[]){ 0x04, 0x00 }, 2);
	ck_assert_uint_eq(receive() & 0x10, 0x10);
}
END_TEST

START_TEST(test_read_sector_through_dma)
{
	insert(0, "read.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 0, 1);
	program_dma(0x46, 0x17C00, 512);
	uint8_t res[7];
	ck_assert_uint_eq(fdc_transfers(fdc), 0); /* the activity light: nothing moved yet */
	transfer(0xE6, 0, 0, 1, 0, 3, SPT, res);
	ck_assert_uint_eq(fdc_transfers(fdc), 1);
	ck_assert_uint_eq(res[0], 0x00);
	ck_assert_uint_eq(res[1], 0x00);
	ck_assert_uint_eq(res[2], 0x00);
	/* Terminal count after one sector: the next sector's ID. */
	ck_assert_uint_eq(res[3], 1);
	ck_assert_uint_eq(res[4], 0);
	ck_assert_uint_eq(res[5], 4);
	ck_assert_uint_eq(res[6], 2);
	uint8_t buf[512];
	mem_store(mem, 0x17C00, buf, sizeof(buf));
	expect_pattern(buf, lba_1440(1, 0, 3), 512);
	/* The DMA reached terminal count (status bit 2) and masked itself. */
	ck_assert_uint_eq(inb(bus, 0x08) & 0x04, 0x04);
}
END_TEST

START_TEST(test_multitrack_read)
{
	insert(0, "mt.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 0, 5);
	/* Sectors 17-18 on head 0, then 1-2 on head 1. */
	program_dma(0x46, 0x20000, 4 * 512);
	uint8_t res[7];
	transfer(0xC6, 0, 0, 5, 0, 17, SPT, res);
	ck_assert_uint_eq(res[0], 0x04); /* ended on head 1 */
	ck_assert_uint_eq(res[1], 0);
	ck_assert_uint_eq(res[3], 5);
	ck_assert_uint_eq(res[4], 1);
	ck_assert_uint_eq(res[5], 3);
	uint8_t buf[4 * 512];
	mem_store(mem, 0x20000, buf, sizeof(buf));
	expect_pattern(buf, lba_1440(5, 0, 17), 512);
	expect_pattern(buf + 512, lba_1440(5, 0, 18), 512);
	expect_pattern(buf + 1024, lba_1440(5, 1, 1), 512);
	expect_pattern(buf + 1536, lba_1440(5, 1, 2), 512);
}
END_TEST

START_TEST(test_end_of_track_without_terminal_count)
{
	insert(0, "eot.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 0, 2);
	/* The DMA would take four sectors, but EOT is 18 and MT is off. */
	program_dma(0x46, 0x30000, 4 * 512);
	uint8_t res[7];
	transfer(0x46, 0, 0, 2, 0, 17, SPT, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x80); /* end of cylinder */
	ck_assert_uint_eq(res[3], 3);
	ck_assert_uint_eq(res[5], 1);
	uint8_t buf[512];
	mem_store(mem, 0x30200, buf, sizeof(buf));
	expect_pattern(buf, lba_1440(2, 0, 18), 512);
}
END_TEST

START_TEST(test_write_and_read_back)
{
	const char *path = insert(0, "write.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 1, 40);
	uint8_t data[1024];
	for (int i = 0; i < 1024; i++)
		data[i] = (uint8_t)(i * 5 + 1);
	mem_load(mem, 0x40000, data, sizeof(data));
	program_dma(0x4A, 0x40000, 1024);
	uint8_t res[7];
	transfer(0xC5, 0, 1, 40, 1, 9, SPT, res);
	ck_assert_uint_eq(res[0], 0x04);
	ck_assert_uint_eq(res[1], 0);
	ck_assert_uint_eq(res[5], 11);
	/* In the file at once. */
	uint8_t file[1024];
	read_file(path, (uint64_t)lba_1440(40, 1, 9) * 512, file, sizeof(file));
	ck_assert_int_eq(memcmp(file, data, sizeof(data)), 0);
	/* And back through the controller. */
	program_dma(0x46, 0x50000, 1024);
	transfer(0xE6, 0, 1, 40, 1, 9, SPT, res);
	ck_assert_uint_eq(res[0], 0x04);
	uint8_t back[1024];
	mem_store(mem, 0x50000, back, sizeof(back));
	ck_assert_int_eq(memcmp(back, data, sizeof(data)), 0);
}
END_TEST

START_TEST(test_write_protect)
{
	const char *path = insert(0, "wp.img", SIZE_1440K, DISK_IMAGE_READ_ONLY);
	controller_on();
	command((const uint8_t[]){ 0x04, 0x00 }, 2);
	ck_assert_uint_eq(receive() & 0x40, 0x40);
	seek(0, 0, 3);
	uint8_t data[512];
	memset(data, 0xEE, sizeof(data));
	mem_load(mem, 0x40000, data, sizeof(data));
	program_dma(0x4A, 0x40000, 512);
	uint8_t res[7];
	transfer(0x45, 0, 0, 3, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x02); /* not writable */
	uint8_t file[512];
	read_file(path, (uint64_t)lba_1440(3, 0, 1) * 512, file, sizeof(file));
	expect_pattern(file, lba_1440(3, 0, 1), 512);
}
END_TEST

START_TEST(test_disk_change_line)
{
	insert(0, "change.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	/* A new disk: the line is up until a step pulse. */
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x80);
	seek(0, 0, 1);
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x00);
	seek(0, 0, 0);
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x00);
	fdc_eject(fdc, 0);
	ck_assert(!fdc_has_media(fdc, 0));
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x80);
	/* No disk: stepping does not clear it. */
	seek(0, 0, 1);
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x80);
	insert(0, "change2.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x80);
	seek(0, 0, 2);
	ck_assert_uint_eq(inb(bus, DIR) & 0x80, 0x00);
}
END_TEST

START_TEST(test_read_id_and_data_rate)
{
	insert(0, "id.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 0, 7);
	uint8_t res[7];
	command((const uint8_t[]){ 0x4A, 0x04 }, 2);
	ck_assert_int_eq(probe.level[IRQ], 1);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x04);
	ck_assert_uint_eq(res[3], 7);
	ck_assert_uint_eq(res[4], 1);
	ck_assert_uint_ge(res[5], 1);
	ck_assert_uint_le(res[5], SPT);
	ck_assert_uint_eq(res[6], 2);
	/* The disk turns under the head. */
	uint8_t first = res[5];
	command((const uint8_t[]){ 0x4A, 0x04 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[5], first % SPT + 1);
	/* At 250 kbps a high-density disk shows no address marks. */
	outb(bus, CCR, 2);
	command((const uint8_t[]){ 0x4A, 0x00 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x01);
	/* Nor does a data read. */
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 0, 0, 7, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x01);
	/* A 720K disk reads at 250 kbps and not at 500. */
	insert(1, "dd.img", 737280, DISK_IMAGE_READ_WRITE);
	command((const uint8_t[]){ 0x4A, 0x01 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x01);
	outb(bus, DSR, 0);
	command((const uint8_t[]){ 0x4A, 0x01 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x41);
}
END_TEST

/* Before the guest sets a data rate, every medium reads (some firmware
 * never sets one); from then on the rate must match. */
START_TEST(test_rate_not_yet_chosen)
{
	insert(0, "anyrate.img", 737280, DISK_IMAGE_READ_WRITE);
	outb(bus, DOR, DOR_RUN);
	for (int i = 0; i < 4; i++) {
		uint8_t st0, pcn;
		sense_interrupt(&st0, &pcn);
	}
	uint8_t res[7];
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 0, 0, 0, 0, 9, 9, res);
	ck_assert_uint_eq(res[0], 0x00);
	uint8_t buf[512];
	mem_store(mem, 0x10000, buf, sizeof(buf));
	expect_pattern(buf, 8, 512);
	outb(bus, CCR, 0); /* 500 kbps: wrong for 720K */
	command((const uint8_t[]){ 0x4A, 0x00 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x40);
	/* A software reset does not forget the choice. */
	outb(bus, DOR, 0x18);
	outb(bus, DOR, DOR_RUN);
	for (int i = 0; i < 4; i++) {
		uint8_t st0, pcn;
		sense_interrupt(&st0, &pcn);
	}
	command((const uint8_t[]){ 0x4A, 0x00 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x40);
}
END_TEST

START_TEST(test_dumpreg_configure_lock)
{
	controller_on();
	send(0x10);
	ck_assert_uint_eq(receive(), 0x90); /* VERSION: 82077AA */
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
	command((const uint8_t[]){ 0x13, 0x00, 0x57, 0x09 }, 4);
	command((const uint8_t[]){ 0x12, 0x8F }, 2); /* perpendicular: OW, D0-D2... */
	uint8_t regs[10];
	send(0x0E);
	result(regs, 10);
	ck_assert_uint_eq(regs[7], 0x0F);
	ck_assert_uint_eq(regs[8], 0x57);
	ck_assert_uint_eq(regs[9], 0x09);
	/* LOCK keeps EFIFO, FIFOTHR and PRETRK through a software reset. */
	send(0x94);
	ck_assert_uint_eq(receive(), 0x10);
	outb(bus, DOR, 0x18);
	outb(bus, DOR, DOR_RUN);
	send(0x0E);
	for (int i = 0; i < 10; i++)
		regs[i] = receive();
	ck_assert_uint_eq(regs[7], 0x80 | 0x0C); /* LOCK; D bits kept, GAP/WGATE cleared */
	ck_assert_uint_eq(regs[8], 0x07);        /* EIS and POLL back to their defaults */
	ck_assert_uint_eq(regs[9], 0x09);
	send(0x14);
	ck_assert_uint_eq(receive(), 0x00);
	outb(bus, DOR, 0x18);
	outb(bus, DOR, DOR_RUN);
	send(0x0E);
	for (int i = 0; i < 10; i++)
		regs[i] = receive();
	ck_assert_uint_eq(regs[8], 0x20); /* FIFO disabled, threshold 0 */
	ck_assert_uint_eq(regs[9], 0);
}
END_TEST

START_TEST(test_errors)
{
	insert(0, "err.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	uint8_t res[7];
	/* Sector 19 of an 18-sector track: no data. */
	seek(0, 0, 4);
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 0, 0, 4, 0, 19, 19, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x04);
	ck_assert_uint_eq(res[5], 19);
	/* Sector 0 does not exist either. */
	transfer(0x46, 0, 0, 4, 0, 0, SPT, res);
	ck_assert_uint_eq(res[1], 0x04);
	/* The ID's cylinder is not where the head is: an implied seek, as
	 * the Bochs BIOS expects. */
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 0, 0, 9, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x20);
	ck_assert_uint_eq(res[1], 0x00);
	ck_assert_uint_eq(res[3], 9);
	uint8_t sector[512];
	mem_store(mem, 0x10000, sector, sizeof(sector));
	expect_pattern(sector, lba_1440(9, 0, 1), 512);
	memset(sector, 0, sizeof(sector));
	mem_load(mem, 0x10000, sector, sizeof(sector));
	seek(0, 0, 4);
	program_dma(0x46, 0x10000, 512);
	/* A sector size other than 512. */
	uint8_t cmd[9] = { 0x46, 0x00, 4, 0, 1, 3, SPT, 0x1B, 0xFF };
	command(cmd, 9);
	result(res, 7);
	ck_assert_uint_eq(res[1], 0x04);
	/* Past the last track: nothing is formatted there. */
	seek(0, 0, 80);
	transfer(0x46, 0, 0, 80, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x01);
	seek(0, 0, 255);
	transfer(0x46, 0, 0, 255, 0, 1, SPT, res);
	ck_assert_uint_eq(res[1], 0x01);
	/* An invalid opcode. */
	send(0x1F);
	ck_assert_uint_eq(receive(), 0x80);
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
	/* Head 1 of a single-sided disk. */
	insert(1, "ss.img", 184320, DISK_IMAGE_READ_WRITE);
	outb(bus, CCR, 2);
	seek(1, 1, 0);
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 1, 1, 0, 1, 1, 9, res);
	ck_assert_uint_eq(res[0], 0x45);
	ck_assert_uint_eq(res[1], 0x01);
	/* Nothing was written into memory by any of it. */
	uint8_t buf[512];
	mem_store(mem, 0x10000, buf, sizeof(buf));
	for (int i = 0; i < 512; i++)
		ck_assert_uint_eq(buf[i], 0);
}
END_TEST

START_TEST(test_no_medium_and_no_dma)
{
	insert(0, "nodma.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	fdc_set_drive_type(fdc, 1, FDC_DRIVE_1440K);
	controller_on();
	uint8_t res[7];
	/* Drive 1 has no disk: no address marks. */
	program_dma(0x46, 0x10000, 512);
	transfer(0x46, 1, 0, 0, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x41);
	ck_assert_uint_eq(res[1], 0x01);
	/* Drive 0 has one, but the DMA channel is masked: overrun. */
	outb(bus, 0x0A, 0x06);
	transfer(0x46, 0, 0, 0, 0, 1, SPT, res);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x10);
	/* READ ID on the empty drive. */
	command((const uint8_t[]){ 0x4A, 0x01 }, 2);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x41);
	ck_assert_uint_eq(res[1], 0x01);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x44);
	ck_assert_int_eq(fdc_drive_count(fdc), 2);
}
END_TEST

START_TEST(test_format_track)
{
	const char *path = insert(0, "format.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 1, 12);
	uint8_t ids[SPT * 4];
	for (int i = 0; i < SPT; i++) {
		ids[4 * i] = 12;
		ids[4 * i + 1] = 1;
		ids[4 * i + 2] = (uint8_t)(i + 1);
		ids[4 * i + 3] = 2;
	}
	mem_load(mem, 0x60000, ids, sizeof(ids));
	program_dma(0x4A, 0x60000, sizeof(ids));
	uint64_t before = fdc_transfers(fdc);
	command((const uint8_t[]){ 0x4D, 0x04, 2, SPT, 0x54, 0xF6 }, 6);
	ck_assert_int_eq(probe.level[IRQ], 1);
	ck_assert_uint_eq(fdc_transfers(fdc) - before, SPT); /* a sector formatted is one transfer */
	uint8_t res[7];
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x04);
	ck_assert_uint_eq(res[1], 0);
	uint8_t track[SPT * 512];
	read_file(path, (uint64_t)lba_1440(12, 1, 1) * 512, track, sizeof(track));
	for (size_t i = 0; i < sizeof(track); i++)
		ck_assert_uint_eq(track[i], 0xF6);
	/* The neighbouring track is untouched. */
	uint8_t next[512];
	read_file(path, (uint64_t)lba_1440(13, 0, 1) * 512, next, sizeof(next));
	expect_pattern(next, lba_1440(13, 0, 1), 512);
}
END_TEST

START_TEST(test_verify_and_read_track)
{
	insert(0, "verify.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	seek(0, 0, 20);
	uint8_t res[7];
	/* VERIFY with EC: three sectors, no DMA. */
	outb(bus, 0x0A, 0x06);
	uint8_t cmd[9] = { 0x56, 0x80, 20, 0, 4, 2, SPT, 0x1B, 3 };
	command(cmd, 9);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x00);
	ck_assert_uint_eq(res[5], 7);
	/* READ TRACK starts at sector 1 whatever R says. */
	program_dma(0x46, 0x70000, 512);
	uint8_t track[9] = { 0x42, 0x00, 20, 0, 9, 2, SPT, 0x1B, 0xFF };
	command(track, 9);
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x00);
	uint8_t buf[512];
	mem_store(mem, 0x70000, buf, sizeof(buf));
	expect_pattern(buf, lba_1440(20, 0, 1), 512);
}
END_TEST

/* SPECIFY's ND bit: the sector crosses the FIFO port a byte at a time,
 * and without terminal count the command runs to EOT. */
START_TEST(test_non_dma_read_and_write)
{
	const char *path = insert(0, "pio.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	command((const uint8_t[]){ 0x03, 0xAF, 0x03 }, 3);
	seek(0, 0, 6);
	uint8_t cmd[9] = { 0x46, 0x00, 6, 0, 17, 2, SPT, 0x1B, 0xFF };
	command(cmd, 9);
	uint8_t buf[512];
	for (int s = 0; s < 2; s++) {
		ck_assert_int_eq(probe.level[IRQ], 1);
		for (int i = 0; i < 512; i++) {
			ck_assert_uint_eq(inb(bus, MSR), 0xF0);
			buf[i] = inb(bus, FIFO);
		}
		expect_pattern(buf, lba_1440(6, 0, 17 + s), 512);
	}
	uint8_t res[7];
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x40);
	ck_assert_uint_eq(res[1], 0x80);
	/* A write the same way. */
	uint8_t wcmd[9] = { 0x45, 0x00, 6, 0, 18, 2, SPT, 0x1B, 0xFF };
	command(wcmd, 9);
	for (int i = 0; i < 512; i++) {
		ck_assert_uint_eq(inb(bus, MSR), 0xB0);
		outb(bus, FIFO, (uint8_t)(i ^ 0x3C));
	}
	result(res, 7);
	ck_assert_uint_eq(res[1], 0x80);
	read_file(path, (uint64_t)lba_1440(6, 0, 18) * 512, buf, sizeof(buf));
	for (int i = 0; i < 512; i++)
		ck_assert_uint_eq(buf[i], (uint8_t)(i ^ 0x3C));
}
END_TEST

START_TEST(test_non_dma_format)
{
	const char *path = insert(0, "pioformat.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	command((const uint8_t[]){ 0x03, 0xAF, 0x03 }, 3);
	seek(0, 0, 30);
	command((const uint8_t[]){ 0x4D, 0x00, 2, SPT, 0x54, 0x4B }, 6);
	ck_assert_int_eq(probe.level[IRQ], 1);
	for (int r = 1; r <= SPT; r++) {
		const uint8_t id[4] = { 30, 0, (uint8_t)r, 2 };
		for (int i = 0; i < 4; i++) {
			ck_assert_uint_eq(inb(bus, MSR), 0xB0);
			outb(bus, FIFO, id[i]);
		}
	}
	uint8_t res[7];
	result(res, 7);
	ck_assert_uint_eq(res[0], 0x00);
	ck_assert_uint_eq(res[1], 0x00);
	uint8_t track[SPT * 512];
	read_file(path, (uint64_t)lba_1440(30, 0, 1) * 512, track, sizeof(track));
	for (size_t i = 0; i < sizeof(track); i++)
		ck_assert_uint_eq(track[i], 0x4B);
}
END_TEST

START_TEST(test_cmos_types)
{
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x00);
	insert(0, "t1.img", SIZE_1440K, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x40);
	insert(1, "t2.img", 737280, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x43);
	/* The drive stays what it is when the disk changes. */
	insert(1, "t3.img", 2949120, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_drive_type(fdc, 1), FDC_DRIVE_720K);
	fdc_set_drive_type(fdc, 1, FDC_DRIVE_NONE);
	insert(1, "t4.img", 2949120, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x45);
	fdc_set_drive_type(fdc, 1, FDC_DRIVE_NONE);
	insert(1, "t5.img", 368640, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x41);
	fdc_set_drive_type(fdc, 1, FDC_DRIVE_NONE);
	insert(1, "t6.img", 1228800, DISK_IMAGE_READ_ONLY);
	ck_assert_uint_eq(fdc_cmos_drive_types(fdc), 0x42);
}
END_TEST

/* Whatever bytes the guest throws at the ports, the controller stays
 * within its buffers and comes back to the command phase. */
START_TEST(test_guest_noise)
{
	insert(0, "noise.img", SIZE_1440K, DISK_IMAGE_READ_WRITE);
	controller_on();
	program_dma(0x46, 0x10000, 0xFFFF);
	uint32_t x = 12345;
	for (int i = 0; i < 200000; i++) {
		x = x * 1103515245 + 12345;
		uint8_t v = (uint8_t)(x >> 16);
		switch ((x >> 28) & 3) {
		case 0:
		case 1:
			outb(bus, FIFO, v);
			break;
		case 2:
			inb(bus, FIFO);
			break;
		default:
			if (v < 8)
				outb(bus, DOR, (uint8_t)(DOR_RUN | (v & 1)));
			else
				inb(bus, MSR);
			break;
		}
	}
	outb(bus, DOR, 0x18);
	outb(bus, DOR, DOR_RUN);
	ck_assert_uint_eq(inb(bus, MSR), 0x80);
}
END_TEST

static Suite *fdc_suite(void)
{
	Suite *s = suite_create("fdc");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reset_and_polling);
	tcase_add_test(tc, test_specify_recalibrate_seek);
	tcase_add_test(tc, test_read_sector_through_dma);
	tcase_add_test(tc, test_multitrack_read);
	tcase_add_test(tc, test_end_of_track_without_terminal_count);
	tcase_add_test(tc, test_write_and_read_back);
	tcase_add_test(tc, test_write_protect);
	tcase_add_test(tc, test_disk_change_line);
	tcase_add_test(tc, test_read_id_and_data_rate);
	tcase_add_test(tc, test_rate_not_yet_chosen);
	tcase_add_test(tc, test_dumpreg_configure_lock);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_no_medium_and_no_dma);
	tcase_add_test(tc, test_format_track);
	tcase_add_test(tc, test_verify_and_read_track);
	tcase_add_test(tc, test_non_dma_read_and_write);
	tcase_add_test(tc, test_non_dma_format);
	tcase_add_test(tc, test_cmos_types);
	tcase_add_test(tc, test_guest_noise);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	storage_dir_create();
	int status = run_suite(fdc_suite());
	storage_dir_remove();
	return status;
}
