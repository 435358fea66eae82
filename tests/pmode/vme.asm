; Virtual-8086 mode extensions (SDM Vol. 3, 20.3 and 20.4; Vol. 2 CLI,
; STI, PUSHF, POPF, INT n, IRET) with CR4.VME on a Pentium and IOPL 0:
; CLI and STI work on VIF instead of faulting, PUSHF shows VIF as IF and
; IOPL as 3, POPF with TF set is #GP(0), INT n is redirected to the V86
; program's own vector table when its bit in the TSS redirection bitmap
; is clear (and its 16-bit IRET restores VIF), and goes to the
; protected-mode side (#GP(0) at IOPL 0) when the bit is set; STI with
; VIP set is #GP(0).
%include "pm.inc"

; V86_CALL_FLAGS snippet, extra: V86_CALL at IOPL 0 with more EFLAGS bits.
%macro V86_CALL_FLAGS 2
	mov dword [v86_return], %%back
	mov [ring0_esp], esp
	push dword 0		; GS
	push dword 0		; FS
	push dword 0		; DS
	push dword 0		; ES
	push dword 0		; SS
	push dword V86_SP	; ESP
	push dword 0x20002 | (%2)	; EFLAGS: VM and the extra bits
	push dword 0xF000	; CS
	push dword %1		; EIP
	iretd
%%back:
%endmacro

V	equ SCRATCH		; results of the snippets (linear = offset, DS = 0)
REDIR	equ TSS_BASE + 0x68	; the redirection bitmap when the I/O map base is 0x88

test_main:
	mov eax, cr4
	or eax, 1		; VME
	mov cr4, eax
	; Move the I/O bitmap up by 32 bytes so the redirection bitmap (the
	; 32 bytes below it) lies in zeroed memory: every vector redirected.
	mov word [TSS_BASE + 0x66], 0x88
	or byte [REDIR + 0x41 / 8], 1 << (0x41 & 7)	; vector 0x41 goes to the monitor
	mov word [0x40 * 4], v86_int40_handler		; the V86 program's IVT
	mov word [0x40 * 4 + 2], 0xF000

	V86_CALL v86_cli_sti, 0
	PRINT "VME-PUSHF-AFTER-CLI: "
	PHEX16 [V + 0]
	PRINT " AFTER-STI: "
	PHEX16 [V + 2]
	PRINT 10, "VME-EFLAGS-VIF-IF-AT-EXIT: "
	mov eax, [last_eflags]
	and eax, 0x80200
	PHEX32 eax
	PRINT 10

	TRY "VME-POPF-TF", v86_popf_tf_insn
	V86_CALL v86_popf_tf, 0
	ENDTRY

	mov word [V + 4], 0
	V86_CALL v86_int40, 0
	PRINT "VME-INT40-REDIRECTED: handler ran "
	PHEX16 [V + 4]
	PRINT " image "
	PHEX16 [V + 6]
	PRINT " VIF after IRET "
	PHEX16 [V + 8]
	PRINT 10

	TRY "VME-INT41-TO-MONITOR-IOPL0", v86_int41_insn
	V86_CALL v86_int41, 0
	ENDTRY

	TRY "VME-STI-WITH-VIP", v86_sti_vip_insn
	V86_CALL_FLAGS v86_sti_vip, 0x100000	; VIP set in the entered EFLAGS
	ENDTRY
	ret

	bits 16
v86_cli_sti:
	cli			; VIF = 0, no fault
	pushf
	pop ax
	and ax, 0x3200		; IOPL and IF of the image
	mov [V + 0], ax
	sti			; VIF = 1
	pushf
	pop ax
	and ax, 0x3200
	mov [V + 2], ax
	hlt
v86_popf_tf:
	push word 0x0100	; TF
	XMARK v86_popf_tf_insn, popf
	hlt
v86_int40:
	sti			; VIF = 1 before the interrupt
	int 0x40
	pushf			; VIF restored by the handler's IRET
	pop ax
	and ax, 0x0200
	mov [V + 8], ax
	hlt
v86_int40_handler:
	mov word [V + 4], 0x4040
	push bp
	mov bp, sp
	mov ax, [bp + 6]	; the pushed FLAGS image
	and ax, 0x3200
	mov [V + 6], ax
	pop bp
	iret
v86_int41:
	XMARK v86_int41_insn, int 0x41
	hlt
v86_sti_vip:
	XMARK v86_sti_vip_insn, sti
	hlt
	bits 32

test_gdt:
test_gdt_end:

	ROM_END
