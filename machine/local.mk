# The program and the machines it wires together.
bin_PROGRAMS += glasspc
glasspc_SOURCES = machine/main.c machine/bare.c machine/bare.h
glasspc_CPPFLAGS = $(AM_CPPFLAGS) -DPKGDATADIR='"$(pkgdatadir)"'
glasspc_LDADD = $(CONFIG_LDADD)
