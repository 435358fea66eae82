# The display front ends (gui/): the SDL2 window, PNG screenshots, text
# screen dumps, the SDL keymap.  Programs using it link $(GUI_LIBS).
noinst_LIBRARIES += libglasspc-gui.a
libglasspc_gui_a_SOURCES = gui/window.h gui/window.c gui/keymap.h gui/keymap.c \
	gui/screenshot.h gui/screenshot.c gui/screen_text.h gui/screen_text.c \
	gui/status_line.h gui/status_line.c gui/display.h gui/display.c
libglasspc_gui_a_CFLAGS = $(AM_CFLAGS) $(SDL2_CFLAGS) $(PNG_CFLAGS)
GUI_LIBS = libglasspc-gui.a $(SDL2_LIBS) $(PNG_LIBS)
