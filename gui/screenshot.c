/* PNG screenshots with libpng; see screenshot.h. */
#include "gui/screenshot.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpng reports errors by longjmp; everything the jump could skip
 * over lives in this struct so that cleanup sees it. */
struct png_job {
	FILE *file;
	png_structp png;
	png_infop info;
	uint8_t *row;
};

static int png_job_write(struct png_job *job, const struct vga_frame *frame)
{
	unsigned sx = frame->scale_x ? frame->scale_x : 1, sy = frame->scale_y ? frame->scale_y : 1;
	size_t width = (size_t)frame->width * sx, height = (size_t)frame->height * sy;
	if (width == 0 || height == 0 || width > 0x7FFFFFFF || height > 0x7FFFFFFF)
		return -1;
	job->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (!job->png)
		return -1;
	job->info = png_create_info_struct(job->png);
	job->row = malloc(width * 3);
	if (!job->info || !job->row)
		return -1;
	if (setjmp(png_jmpbuf(job->png)))
		return -1;
	png_init_io(job->png, job->file);
	png_set_IHDR(job->png, job->info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(job->png, job->info);
	for (unsigned y = 0; y < frame->height; y++) {
		const uint32_t *src = frame->pixels + (size_t)y * frame->stride;
		uint8_t *out = job->row;
		for (unsigned x = 0; x < frame->width; x++) {
			for (unsigned r = 0; r < sx; r++) {
				*out++ = (uint8_t)(src[x] >> 16);
				*out++ = (uint8_t)(src[x] >> 8);
				*out++ = (uint8_t)src[x];
			}
		}
		for (unsigned r = 0; r < sy; r++)
			png_write_row(job->png, job->row);
	}
	png_write_end(job->png, NULL);
	return 0;
}

int screenshot_write_png(const struct vga_frame *frame, const char *path)
{
	struct png_job job = {0};
	job.file = fopen(path, "wb");
	if (!job.file) {
		fprintf(stderr, "glasspc: cannot write the screenshot '%s': %s\n", path, strerror(errno));
		return -1;
	}
	int rc = png_job_write(&job, frame);
	if (job.png)
		png_destroy_write_struct(&job.png, job.info ? &job.info : NULL);
	free(job.row);
	if (fclose(job.file) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "glasspc: cannot write the screenshot '%s'\n", path);
	return rc;
}

int screenshot_save(struct vga *vga, const char *path)
{
	return screenshot_write_png(vga_render(vga), path);
}
