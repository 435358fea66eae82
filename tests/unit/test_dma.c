/* The 8237A pair: programmed through its ports as SeaBIOS's floppy
 * driver does, transfers checked in guest memory. */
#include "iodev/dma.h"

#include <string.h>

#include "tests/unit/test_iodev.h"

#define RAM_SIZE (4u << 20)

static struct iobus *bus;
static struct mem *mem;
static struct dma *dma;

static void setup(void)
{
	bus = iobus_create();
	ck_assert_ptr_nonnull(bus);
	mem = mem_create(RAM_SIZE, 0xFFFFFF);
	ck_assert_ptr_nonnull(mem);
	dma = dma_create(bus, mem);
	ck_assert_ptr_nonnull(dma);
	/* What the BIOSes do first: master clear both, cascade channel 4. */
	outb(bus, 0x0D, 0);
	outb(bus, 0xDA, 0);
	outb(bus, 0xD6, 0xC0);
	outb(bus, 0xD4, 0x00);
}

static void teardown(void)
{
	dma_destroy(dma);
	mem_destroy(mem);
	iobus_destroy(bus);
}

/* Programs 8-bit channel ch (0-3) the way a floppy driver does. */
static void program8(int ch, uint8_t mode, uint32_t addr, uint16_t count)
{
	static const uint16_t page_ports[4] = { 0x87, 0x83, 0x81, 0x82 };
	outb(bus, 0x0A, (uint8_t)(0x04 | ch)); /* mask */
	outb(bus, 0x0C, 0); /* clear flip-flop */
	outb(bus, 0x0B, (uint8_t)(mode | ch));
	outb(bus, (uint16_t)(ch * 2), (uint8_t)addr);
	outb(bus, (uint16_t)(ch * 2), (uint8_t)(addr >> 8));
	outb(bus, page_ports[ch], (uint8_t)(addr >> 16));
	outb(bus, (uint16_t)(ch * 2 + 1), (uint8_t)count);
	outb(bus, (uint16_t)(ch * 2 + 1), (uint8_t)(count >> 8));
	outb(bus, 0x0A, (uint8_t)ch); /* unmask */
}

/* 16-bit channel ch (5-7): address in words, page for A17-A23. */
static void program16(int ch, uint8_t mode, uint32_t byte_addr, uint16_t words_minus_one)
{
	static const uint16_t page_ports[4] = { 0x8F, 0x8B, 0x89, 0x8A };
	int index = ch - 4;
	uint16_t word_addr = (uint16_t)(byte_addr >> 1);
	outb(bus, 0xD4, (uint8_t)(0x04 | index));
	outb(bus, 0xD8, 0);
	outb(bus, 0xD6, (uint8_t)(mode | index));
	outb(bus, (uint16_t)(0xC0 + index * 4), (uint8_t)word_addr);
	outb(bus, (uint16_t)(0xC0 + index * 4), (uint8_t)(word_addr >> 8));
	outb(bus, page_ports[index], (uint8_t)(byte_addr >> 16));
	outb(bus, (uint16_t)(0xC2 + index * 4), (uint8_t)words_minus_one);
	outb(bus, (uint16_t)(0xC2 + index * 4), (uint8_t)(words_minus_one >> 8));
	outb(bus, 0xD4, (uint8_t)index);
}

static uint16_t read16(uint16_t port)
{
	uint8_t lo = inb(bus, port);
	return (uint16_t)(lo | inb(bus, port) << 8);
}

START_TEST(test_floppy_read_into_memory)
{
	uint8_t sector[512];
	for (int i = 0; i < 512; i++)
		sector[i] = (uint8_t)(i * 7 + 3);
	program8(2, 0x46, 0x17C00, 511); /* single, write to memory */
	ck_assert(dma_channel_ready(dma, 2));
	ck_assert_uint_eq(dma_bytes_remaining(dma, 2), 512);
	ck_assert_int_eq(inb(bus, 0x0F), 0xFB);
	ck_assert_uint_eq(dma_transfer(dma, 2, sector, 512, true), 512);
	for (int i = 0; i < 512; i++)
		ck_assert_int_eq(mem_read8(mem, 0x17C00 + i), sector[i]);
	ck_assert_int_eq(mem_read8(mem, 0x17BFF), 0);
	ck_assert_int_eq(mem_read8(mem, 0x17E00), 0);
	/* Terminal count: status bit 2, channel masked, count rolled over. */
	outb(bus, 0x0C, 0);
	ck_assert_int_eq(read16(0x04), 0x7E00);
	ck_assert_int_eq(read16(0x05), 0xFFFF);
	ck_assert_int_eq(inb(bus, 0x08) & 0x0F, 0x04);
	ck_assert_int_eq(inb(bus, 0x08) & 0x0F, 0x00); /* cleared by reading */
	ck_assert(!dma_channel_ready(dma, 2));
	ck_assert_uint_eq(dma_transfer(dma, 2, sector, 512, true), 0);
	ck_assert_int_eq(inb(bus, 0x0F), 0xFF);
}
END_TEST

START_TEST(test_memory_to_device_in_pieces)
{
	for (uint32_t i = 0; i < 1024; i++)
		mem_write8(mem, 0x30000 + i, (uint8_t)(i ^ 0x5A));
	program8(1, 0x48, 0x30000, 999); /* single, read from memory */
	uint8_t buffer[1024];
	memset(buffer, 0xEE, sizeof(buffer));
	ck_assert_uint_eq(dma_transfer(dma, 1, buffer, 300, false), 300);
	ck_assert_uint_eq(dma_bytes_remaining(dma, 1), 700);
	ck_assert_uint_eq(dma_transfer(dma, 1, buffer + 300, 1024, false), 700);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(buffer[i], (uint8_t)(i ^ 0x5A));
	ck_assert_int_eq(buffer[1000], 0xEE);
	/* A device asking to read memory did not write it. */
	ck_assert_int_eq(mem_read8(mem, 0x30000), 0x5A);
}
END_TEST

START_TEST(test_direction_mismatch_and_verify)
{
	uint8_t buffer[16];
	memset(buffer, 0x77, sizeof(buffer));
	program8(3, 0x48, 0x40000, 15); /* read from memory... */
	ck_assert_uint_eq(dma_transfer(dma, 3, buffer, 16, true), 16); /* ...device writes */
	ck_assert_int_eq(mem_read8(mem, 0x40000), 0);
	program8(3, 0x40, 0x40000, 15); /* verify */
	ck_assert_uint_eq(dma_transfer(dma, 3, buffer, 16, true), 16);
	ck_assert_int_eq(mem_read8(mem, 0x40000), 0);
	ck_assert_int_eq(buffer[0], 0x77);
}
END_TEST

START_TEST(test_autoinit)
{
	uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	program8(1, 0x54, 0x20000, 3); /* write, autoinit */
	ck_assert_uint_eq(dma_transfer(dma, 1, data, 8, true), 4);
	ck_assert(dma_channel_ready(dma, 1));
	ck_assert_int_eq(inb(bus, 0x08) & 0x02, 0x02);
	outb(bus, 0x0C, 0);
	ck_assert_int_eq(read16(0x02), 0x0000);
	ck_assert_int_eq(read16(0x03), 3);
	ck_assert_uint_eq(dma_transfer(dma, 1, data + 4, 4, true), 4);
	/* The second block went to the same place. */
	ck_assert_int_eq(mem_read8(mem, 0x20000), 5);
	ck_assert_int_eq(mem_read8(mem, 0x20003), 8);
	ck_assert_int_eq(mem_read8(mem, 0x20004), 0);
}
END_TEST

START_TEST(test_decrement)
{
	uint8_t data[4] = { 0xA, 0xB, 0xC, 0xD };
	program8(0, 0x64, 0x50010, 3); /* write, decrement */
	ck_assert_uint_eq(dma_transfer(dma, 0, data, 4, true), 4);
	ck_assert_int_eq(mem_read8(mem, 0x50010), 0xA);
	ck_assert_int_eq(mem_read8(mem, 0x5000F), 0xB);
	ck_assert_int_eq(mem_read8(mem, 0x5000D), 0xD);
	outb(bus, 0x0C, 0);
	ck_assert_int_eq(read16(0x00), 0x000C);
}
END_TEST

START_TEST(test_wrap_within_64k_page)
{
	uint8_t data[32];
	for (int i = 0; i < 32; i++)
		data[i] = (uint8_t)(0x80 + i);
	program8(2, 0x44, 0x1FFF0, 31);
	ck_assert_uint_eq(dma_transfer(dma, 2, data, 32, true), 32);
	ck_assert_int_eq(mem_read8(mem, 0x1FFFF), 0x8F);
	/* The address wrapped to the start of the same page... */
	ck_assert_int_eq(mem_read8(mem, 0x10000), 0x90);
	ck_assert_int_eq(mem_read8(mem, 0x1000F), 0x9F);
	/* ...not into the next one. */
	ck_assert_int_eq(mem_read8(mem, 0x20000), 0);
}
END_TEST

START_TEST(test_16bit_channel)
{
	uint8_t data[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	program16(5, 0x44, 0x2FFFC, 3); /* 4 words at 0x2FFFC */
	ck_assert(dma_channel_ready(dma, 5));
	ck_assert_uint_eq(dma_bytes_remaining(dma, 5), 8);
	ck_assert_uint_eq(dma_transfer(dma, 5, data, 7, true), 6); /* whole words only */
	ck_assert_uint_eq(dma_transfer(dma, 5, data + 6, 2, true), 2);
	ck_assert_int_eq(mem_read8(mem, 0x2FFFC), 0x11);
	ck_assert_int_eq(mem_read8(mem, 0x2FFFF), 0x44);
	/* Word addressing carries past 0x30000, where a byte channel wraps. */
	ck_assert_int_eq(mem_read8(mem, 0x30000), 0x55);
	ck_assert_int_eq(mem_read8(mem, 0x30003), 0x88);
	program16(7, 0x44, 0x3FFFE, 1);
	ck_assert_uint_eq(dma_transfer(dma, 7, data, 4, true), 4);
	ck_assert_int_eq(mem_read8(mem, 0x3FFFE), 0x11);
	ck_assert_int_eq(mem_read8(mem, 0x20000), 0x33);
	ck_assert_int_eq(mem_read8(mem, 0x40000), 0x00);
	ck_assert_int_eq(inb(bus, 0xD0) & 0x0F, 0x08 | 0x02);
}
END_TEST

START_TEST(test_masks_and_cascade)
{
	uint8_t data[4] = { 0 };
	program8(2, 0x44, 0x10000, 3);
	outb(bus, 0x0F, 0x04); /* write all mask bits */
	ck_assert_int_eq(inb(bus, 0x0F), 0xF4);
	ck_assert_uint_eq(dma_transfer(dma, 2, data, 4, true), 0);
	outb(bus, 0x0E, 0); /* clear mask register */
	ck_assert(dma_channel_ready(dma, 2));
	/* Masking the cascade channel cuts DMA1 off the bus. */
	outb(bus, 0xD4, 0x04);
	ck_assert(!dma_channel_ready(dma, 2));
	outb(bus, 0xD4, 0x00);
	/* A disabled controller moves nothing. */
	outb(bus, 0x08, 0x04);
	ck_assert_uint_eq(dma_transfer(dma, 2, data, 4, true), 0);
	outb(bus, 0x08, 0x00);
	ck_assert_uint_eq(dma_transfer(dma, 2, data, 4, true), 4);
	/* Master clear masks everything again. */
	outb(bus, 0x0D, 0);
	ck_assert_int_eq(inb(bus, 0x0F), 0xFF);
	/* Channel 4 and nonsense channels never transfer. */
	ck_assert_uint_eq(dma_transfer(dma, 4, data, 4, true), 0);
	ck_assert_uint_eq(dma_transfer(dma, -1, data, 4, true), 0);
	ck_assert_uint_eq(dma_transfer(dma, 8, data, 4, true), 0);
	ck_assert_uint_eq(dma_bytes_remaining(dma, 99), 0);
}
END_TEST

START_TEST(test_flip_flop_and_registers)
{
	outb(bus, 0x0C, 0);
	outb(bus, 0x06, 0x34);
	outb(bus, 0x06, 0x12);
	outb(bus, 0x07, 0xFF);
	outb(bus, 0x07, 0x01);
	ck_assert_int_eq(read16(0x06), 0x1234);
	ck_assert_int_eq(read16(0x07), 0x01FF);
	/* An odd number of accesses leaves the flip-flop on the high byte. */
	ck_assert_int_eq(inb(bus, 0x06), 0x34);
	ck_assert_int_eq(inb(bus, 0x06), 0x12);
	ck_assert_int_eq(inb(bus, 0x06), 0x34);
	outb(bus, 0x0C, 0);
	ck_assert_int_eq(inb(bus, 0x06), 0x34);
	/* Request bits show in the status register. */
	outb(bus, 0x0C, 0);
	outb(bus, 0x09, 0x04 | 3);
	dma_set_request(dma, 2, true);
	ck_assert_int_eq(inb(bus, 0x08) & 0xF0, 0xC0);
	dma_set_request(dma, 2, false);
	outb(bus, 0x09, 3);
	ck_assert_int_eq(inb(bus, 0x08) & 0xF0, 0x00);
	/* DMA2's odd ports alias the even ones. */
	outb(bus, 0xD8, 0);
	outb(bus, 0xC5, 0xCD);
	outb(bus, 0xC4, 0xAB);
	outb(bus, 0xD8, 0);
	ck_assert_int_eq(read16(0xC4), 0xABCD);
}
END_TEST

START_TEST(test_page_registers)
{
	for (uint16_t port = 0x81; port <= 0x8F; port++)
		outb(bus, port, (uint8_t)(port ^ 0x3C));
	for (uint16_t port = 0x81; port <= 0x8F; port++)
		ck_assert_int_eq(inb(bus, port), (uint8_t)(port ^ 0x3C));
	/* Port 0x80 is the POST port, left to its owner. */
	ck_assert_int_eq(inb(bus, 0x80), 0xFF);
}
END_TEST

START_TEST(test_guest_noise_is_harmless)
{
	unsigned seed = 99;
	uint8_t buffer[256];
	for (int i = 0; i < 100000; i++) {
		seed = seed * 1103515245u + 12345u;
		static const uint16_t bases[3] = { 0x00, 0xC0, 0x80 };
		uint16_t port = (uint16_t)(bases[(seed >> 10) % 3] + ((seed >> 16) & 31));
		if (port == 0x80 || (port < 0xC0 && port > 0x8F && port != 0x80))
			continue;
		outb(bus, port, (uint8_t)(seed >> 20));
		inb(bus, port);
		if ((i & 15) == 0) {
			int ch = (int)((seed >> 4) % 10) - 1;
			dma_transfer(dma, ch, buffer, (seed >> 8) % 257, (seed >> 3) & 1);
		}
	}
	ck_assert_ptr_nonnull(dma);
}
END_TEST

static Suite *dma_suite(void)
{
	Suite *s = suite_create("dma");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_floppy_read_into_memory);
	tcase_add_test(tc, test_memory_to_device_in_pieces);
	tcase_add_test(tc, test_direction_mismatch_and_verify);
	tcase_add_test(tc, test_autoinit);
	tcase_add_test(tc, test_decrement);
	tcase_add_test(tc, test_wrap_within_64k_page);
	tcase_add_test(tc, test_16bit_channel);
	tcase_add_test(tc, test_masks_and_cascade);
	tcase_add_test(tc, test_flip_flop_and_registers);
	tcase_add_test(tc, test_page_registers);
	tcase_add_test(tc, test_guest_noise_is_harmless);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(dma_suite());
}
