; PAE paging (P6; SDM Vol. 3, 4.4 and 4.10): the four PDPTEs loaded by
; MOV CR3 (and not re-read from memory until the next load; a present
; PDPTE with reserved bits makes MOV CR3 fault #GP(0)), 2 MiB pages and
; 4 KiB pages with 8-byte entries, A and D bits, U/S and R/W, reserved
; bits (#PF with the RSVD bit of the error code), and global pages
; (CR4.PGE): INVLPG drops a global translation, clearing PGE drops them
; all, and INVLPG of a 2 MiB page drops every translation in it.
%include "pm.inc"

PDPT	equ 0x100000
PD0	equ 0x101000		; linear 0-1 GiB
PD1	equ 0x102000		; linear 1-2 GiB
PT	equ 0x103000		; linear 400000-5FFFFF, 4 KiB pages

%macro ENTRY64 3		; address, low dword, high dword
	mov dword [%1], %2
	mov dword [%1 + 4], %3
%endmacro

test_main:
	mov edi, PDPT
	xor eax, eax
	mov ecx, 4 * 1024
	rep stosd
	ENTRY64 PDPT + 0 * 8, PD0 | 1, 0
	ENTRY64 PDPT + 1 * 8, PD1 | 1, 0
	ENTRY64 PD0 + 0 * 8, 0x00000087, 0	; 0-2 MiB identity (2 MiB page)
	ENTRY64 PD0 + 1 * 8, 0x00200087, 0	; 2-4 MiB identity
	ENTRY64 PD0 + 2 * 8, PT | 7, 0		; 4-6 MiB: 4 KiB pages
	ENTRY64 PT + 0 * 8, 0x00300007, 0	;   400000 -> 300000
	ENTRY64 PT + 1 * 8, 0x00304107, 0	;   401000 -> 304000, global
	ENTRY64 PD0 + 3 * 8, 0x00000087, 0	; 6-8 MiB: physical 0-2 MiB again
	ENTRY64 PD0 + 4 * 8, 0x00800081, 0	; 8-10 MiB: supervisor, read-only
	ENTRY64 PD0 + 5 * 8, 0x00400187, 0	; A-C MiB: physical 4-6 MiB, global
	ENTRY64 PD0 + 6 * 8, 0x00600087, 0	; C-E MiB: physical 6-8 MiB
	ENTRY64 PD0 + 7 * 8, 0x00000087, 0x100	; E-10 MiB: physical-address bit 40 set
	ENTRY64 PD0 + 8 * 8, 0x00002087, 0	; 10-12 MiB: bit 13 of a 2 MiB PDE set
	ENTRY64 PD1 + 0 * 8, 0x00200087, 0	; 40000000 -> 200000
	mov eax, cr4
	or eax, 0x20 | 0x80			; PAE, PGE
	mov cr4, eax
	mov eax, PDPT
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80000000
	mov cr0, eax

	PRINT "PAE-AD-BEFORE: PDE3="
	PHEX32 [PD0 + 3 * 8]
	PRINT 10
	mov eax, [0x7A2344]
	PRINT "PAE-AD-AFTER-READ: PDE3="
	PHEX32 [PD0 + 3 * 8]
	PRINT 10
	mov dword [0x7A2344], 0x2FACE2FA
	PRINT "PAE-AD-AFTER-WRITE: PDE3="
	PHEX32 [PD0 + 3 * 8]
	PRINT 10
	PRINT "PAE-2M-TRANSLATE: write 7A2344, read 1A2344: "
	PHEX32 [0x1A2344]
	PRINT 10
	mov dword [0x400010], 0x4FACE4FA
	PRINT "PAE-4K-TRANSLATE: write 400010, read 300010: "
	PHEX32 [0x300010]
	PRINT 10

	TRY "PAE-PF-SUPERVISOR-R3-READ-2M"
	RING3
	MARK mov eax, [0x800000]
	RING0
	ENDTRY
	mov eax, cr0
	or eax, 0x10000
	mov cr0, eax
	TRY "PAE-PF-WP1-R0-WRITE-RO-2M"
	MARK mov [0x800000], eax
	ENDTRY
	mov eax, cr0
	and eax, ~0x10000
	mov cr0, eax
	TRY "PAE-PF-RSVD-PHYSICAL-BIT-40"
	MARK mov eax, [0xE00000]
	ENDTRY
	TRY "PAE-PF-RSVD-2M-BIT-13"
	MARK mov eax, [0x1000000]
	ENDTRY
	TRY "PAE-PF-RSVD-R3-WRITE"
	RING3
	MARK mov [0xE00000], eax
	RING0
	ENDTRY

	; The PDPTEs: used as loaded by MOV CR3.
	mov dword [0x40000010], 0x40404040
	PRINT "PAE-PDPTE1: write 40000010, read 200010: "
	PHEX32 [0x200010]
	PRINT 10
	mov dword [PDPT + 1 * 8], 0		; not present, in memory only
	TRY "PAE-PDPTE-CHANGED-IN-MEMORY-ONLY"
	MARK mov eax, [0x40000010]
	ENDTRY
	mov eax, PDPT
	mov cr3, eax
	TRY "PAE-PDPTE-AFTER-CR3-LOAD"
	MARK mov eax, [0x40000010]
	ENDTRY
	ENTRY64 PDPT + 2 * 8, PD0 | 3, 0	; RW is reserved in a PAE PDPTE
	TRY "PAE-MOV-CR3-PDPTE-RESERVED-BIT"
	mov eax, PDPT
	MARK mov cr3, eax
	ENDTRY
	ENTRY64 PDPT + 2 * 8, 0, 0
	mov eax, PDPT
	mov cr3, eax

	; Global pages.
	mov dword [0x304000], 0x11110000
	mov dword [0x305000], 0x22220000
	mov eax, [0x401000]
	ENTRY64 PT + 1 * 8, 0x00305107, 0	; 401000 -> 305000, global
	mov eax, PDPT
	mov cr3, eax
	invlpg [0x401000]
	PRINT "PGE-INVLPG-GLOBAL: [401000]="
	PHEX32 [0x401000]
	PRINT 10
	ENTRY64 PT + 1 * 8, 0x00304107, 0
	mov eax, cr4
	and eax, ~0x80
	mov cr4, eax
	PRINT "PGE-CLEARING-PGE-FLUSHES: [401000]="
	PHEX32 [0x401000]
	PRINT 10
	or eax, 0x80
	mov cr4, eax

	; INVLPG of a global 2 MiB page.  (The addresses avoid the page
	; numbers of the paging structures, the stack and the code modulo
	; 256, so that no small TLB loses them by chance.)
	mov dword [0xA10000], 0xC0000000	; physical 410000
	mov dword [0xA11000], 0xD0000000	; physical 411000
	mov dword [0xC10000], 0xE0000000	; physical 610000
	mov dword [0xC11000], 0xF0000000	; physical 611000
	mov eax, [0xA10000]
	mov eax, [0xA11000]
	ENTRY64 PD0 + 5 * 8, 0x00600187, 0	; now physical 6-8 MiB
	invlpg [0xA10000]
	PRINT "INVLPG-2M-GLOBAL-PAGE: [A11000]="
	PHEX32 [0xA11000]
	PRINT " [A10000]="
	PHEX32 [0xA10000]
	PRINT 10

	mov eax, cr0
	and eax, 0x7FFFFFFF
	mov cr0, eax
	ret

test_gdt:
test_gdt_end:

	ROM_END
