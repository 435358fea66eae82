; x87.asm - glasspc's x87 guest test.
;
; A 64 KiB ROM for the bare machine (F000:0000-FFFF, reset at F000:FFF0):
;   glasspc --machine bare --rom tests/x87/x87.bin --cpu p6
; It runs every x87 instruction the P6 has, in real mode with CR0.NE set, and prints one line per check on port 0xE9:
; the check's name, then ST(0) as SSSS:MMMMMMMMMMMMMMMM (sign and
; exponent, significand), memory results, EFLAGS or the status word in
; hex.  Status words are ANDed with a mask that leaves out the condition
; codes the SDM calls undefined for the instruction (M_ARITH: C0 C2 C3).
; tests/x87/x87.p6.expected holds what the SDM and exact arithmetic say
; the lines are; the comment above each check says why.  Every check
; starts from FNINIT: control word 037F (round to nearest, 64-bit
; precision, all exceptions masked), TOP 0.
;
; Notation in the comments: TOP after n pushes is 8 - n, so a status word
; 3800 is TOP 7 and nothing else, 3000 TOP 6, 2800 TOP 5.

	cpu 686
	bits 16
	org 0

DEBUGCON	equ 0xE9
TMP		equ 0x0800	; results (RAM, DS = 0)
SWT		equ 0x0810	; a stored status word
ENV		equ 0x0900	; FNSTENV / FNSAVE images
ROMBASE		equ 0xF0000	; linear address of this image

M_ALL		equ 0xFFFF
M_ARITH		equ 0xBAFF	; C0 C2 C3 undefined
M_NOC1		equ 0xB8FF	; C0 C1 C2 C3 undefined (or C1 left out)
M_CC		equ 0x4700	; the condition codes only
M_FLAGS		equ 0x08D5	; OF SF ZF AF PF CF

; T "name": a new check from FNINIT.
%macro T 1
	fninit
	call print_inline
	db %1, ":", 0
%endmacro
; E: end of the check's line.
%macro E 0
	call newline
%endmacro
; V mask: ST(0) popped and printed, then the status word from before.
%macro V 1
	fnstsw [SWT]
	fstp tword [TMP]
	mov bx, %1
	call show_value
	call show_sw
%endmacro
; VV: the next value, popped and printed (no status word).
%macro VV 0
	fstp tword [TMP]
	call show_value
%endmacro
; S mask: the status word.
%macro S 1
	fnstsw [SWT]
	mov bx, %1
	call show_sw
%endmacro
; FL: the arithmetic flags.
%macro FL 0
	pushf
	pop ax
	and ax, M_FLAGS
	call print_inline
	db " fl=", 0
	call hex16
%endmacro
; M16 / M32 / M64 / M80 address: memory in hex, most significant first.
%macro M16 1
	call space
	mov ax, [%1]
	call hex16
%endmacro
%macro M32 1
	call space
	mov eax, [%1]
	call hex32
%endmacro
%macro M64 1
	call space
	mov eax, [%1 + 4]
	call hex32
	mov eax, [%1]
	call hex32
%endmacro
%macro M80 1
	call space
	mov ax, [%1 + 8]
	call hex16
	mov eax, [%1 + 4]
	call hex32
	mov eax, [%1]
	call hex32
%endmacro

start:
	cli
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	mov ds, ax
	mov word [7 * 4], nm_handler
	mov word [7 * 4 + 2], 0xF000
	mov word [16 * 4], mf_handler
	mov word [16 * 4 + 2], 0xF000
	mov eax, cr0
	or eax, 0x20		; NE: unmasked exceptions are #MF
	and al, 0xF1		; MP EM TS clear
	mov cr0, eax

; ---- loads and constants (C1 = 0; C0 C2 C3 undefined) ----

	; 1.0: exponent 3FFF, integer bit only.
	T "fld1"
	fld1
	V M_ARITH
	E
	T "fldz"
	fldz
	V M_ARITH
	E
	; The constants are the true values rounded to 64 bits (SDM FLD1/
	; FLDL2T/...: rounded per RC).  pi = C90FDAA2 2168C234 C4C6...: the
	; bits after the 64th start with 1, nearest rounds up.
	T "fldpi"
	fldpi
	V M_ARITH
	E
	; Rounding down keeps C234.
	T "fldpi rc=down"
	fldcw [cs:cw_down]
	fldpi
	V M_ARITH
	E
	; log2(10) = D49A784B CD1B8AFE 492B...: down.
	T "fldl2t"
	fldl2t
	V M_ARITH
	E
	; log2(e) = B8AA3B29 5C17F0BB BE87...: up.
	T "fldl2e"
	fldl2e
	V M_ARITH
	E
	; log10(2) = 9A209A84 FBCFF798 8F89... x 2^-2: up.
	T "fldlg2"
	fldlg2
	V M_ARITH
	E
	; ln(2) = B17217F7 D1CF79AB C9E3... x 2^-1: up.
	T "fldln2"
	fldln2
	V M_ARITH
	E
	; 1.5f is exact.
	T "fld m32"
	fld dword [cs:f_1_5]
	V M_ARITH
	E
	; The double 0.1 = 1999999999999A x 2^-56, exact in 64 bits.
	T "fld m64"
	fld qword [cs:d_0_1]
	V M_ARITH
	E
	; A copy: 5.0.
	T "fld m80"
	fld tword [cs:t_5]
	V M_ARITH
	E
	T "fild m16"			; -7
	fild word [cs:w_m7]
	V M_ARITH
	E
	T "fild m32"			; 100000 = 186A0h
	fild dword [cs:d_100000]
	V M_ARITH
	E
	T "fild m64"			; 2^63 - 1: 63 ones, exact
	fild qword [cs:q_max]
	V M_ARITH
	E
	T "fbld"			; -12345678 = -BC614Eh
	fbld [cs:bcd_m12345678]
	V M_ARITH
	E
	; FLD ST(1) after 1.0, 0.0: a copy of 1.0, TOP 5.
	T "fld st(i)"
	fld1
	fldz
	fld st1
	V M_ARITH
	E
	; An SNaN single loads as the QNaN with the quiet bit set (SDM 4.8.3.4),
	; with IE: 7FA00000 -> fraction 200000 -> E000000000000000.
	T "fld m32 snan"
	fld dword [cs:f_snan]
	V M_ARITH
	E
	; The smallest single denormal, 2^-149, loads normalised with DE:
	; exponent 16383 - 149 = 3F6A.
	T "fld m32 denormal"
	fld dword [cs:f_tiny]
	V M_ARITH
	E

; ---- arithmetic with memory operands (C1 = rounded up) ----

	T "fadd m32"			; 1 + 2 = 3
	fld1
	fadd dword [cs:f_2]
	V M_ARITH
	E
	T "fmul m64"			; 3 x 2.5 = 7.5
	fld dword [cs:f_3]
	fmul qword [cs:d_2_5]
	V M_ARITH
	E
	T "fsub m32"			; 1 - 3 = -2
	fld1
	fsub dword [cs:f_3]
	V M_ARITH
	E
	T "fsubr m64"			; 2.5 - 1 = 1.5
	fld1
	fsubr qword [cs:d_2_5]
	V M_ARITH
	E
	; 1/3 = 0.AAAA...: 64 bits AAAAAAAAAAAAAAAA, then 1010...: up to
	; ...AAAB, inexact (PE) and rounded up (C1).
	T "fdiv m32"
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	T "fdivr m32"			; 2/3: the same significand, 2^-1
	fld dword [cs:f_3]
	fdivr dword [cs:f_2]
	V M_ARITH
	E
	T "fiadd m16"			; 1 + -7 = -6
	fld1
	fiadd word [cs:w_m7]
	V M_ARITH
	E
	T "fimul m32"			; 1.5 x 100000 = 150000 = 249F0h
	fld dword [cs:f_1_5]
	fimul dword [cs:d_100000]
	V M_ARITH
	E
	T "fisub m32"			; 1 - 100000 = -99999 = -1869Fh
	fld1
	fisub dword [cs:d_100000]
	V M_ARITH
	E
	T "fisubr m16"			; -7 - 1 = -8
	fld1
	fisubr word [cs:w_m7]
	V M_ARITH
	E
	; 1/-7 = -0.249249...h x 2^... : 1/7 = 0.(249) in hex; normalised
	; 9249249249249249 2492...: down.
	T "fidiv m16"
	fld1
	fidiv word [cs:w_m7]
	V M_ARITH
	E
	; 100000/3 = 33333.33...: 8235 5555 5555 5555 | 5...: down.
	T "fidivr m32"
	fld dword [cs:f_3]
	fidivr dword [cs:d_100000]
	V M_ARITH
	E

; ---- arithmetic on registers ----

	T "fadd st,st(i)"		; 1 + 3, TOP 6
	fld dword [cs:f_3]
	fld1
	fadd st0, st1
	V M_ARITH
	E
	T "fadd st(i),st"		; ST(1) = 3 + 1; ST(0) stays 1
	fld dword [cs:f_3]
	fld1
	fadd st1, st0
	V M_ARITH
	VV
	E
	T "faddp"
	fld dword [cs:f_3]
	fld1
	faddp st1, st0
	V M_ARITH
	E
	T "fmul st,st(i)"		; 3 x 2
	fld dword [cs:f_2]
	fld dword [cs:f_3]
	fmul st0, st1
	V M_ARITH
	E
	T "fmul st(i),st"
	fld dword [cs:f_2]
	fld dword [cs:f_3]
	fmul st1, st0
	fstp st0
	V M_ARITH
	E
	T "fmulp"
	fld dword [cs:f_2]
	fld dword [cs:f_3]
	fmulp st1, st0
	V M_ARITH
	E
	T "fsub st,st(i)"		; 3 - 1
	fld1
	fld dword [cs:f_3]
	fsub st0, st1
	V M_ARITH
	E
	T "fsubr st,st(i)"		; 1 - 3
	fld1
	fld dword [cs:f_3]
	fsubr st0, st1
	V M_ARITH
	E
	T "fsub st(i),st"		; ST(1) = 1 - 3
	fld1
	fld dword [cs:f_3]
	fsub st1, st0
	fstp st0
	V M_ARITH
	E
	T "fsubr st(i),st"		; ST(1) = 3 - 1
	fld1
	fld dword [cs:f_3]
	fsubr st1, st0
	fstp st0
	V M_ARITH
	E
	T "fsubp"			; 1 - 3
	fld1
	fld dword [cs:f_3]
	fsubp st1, st0
	V M_ARITH
	E
	T "fsubrp"			; 3 - 1
	fld1
	fld dword [cs:f_3]
	fsubrp st1, st0
	V M_ARITH
	E
	T "fdiv st,st(i)"		; 1/3, TOP 6
	fld dword [cs:f_3]
	fld1
	fdiv st0, st1
	V M_ARITH
	E
	T "fdivr st,st(i)"		; 3/1
	fld dword [cs:f_3]
	fld1
	fdivr st0, st1
	V M_ARITH
	E
	T "fdiv st(i),st"		; ST(1) = 1/3; FSTP ST(0) clears C1
	fld1
	fld dword [cs:f_3]
	fdiv st1, st0
	fstp st0
	V M_ARITH
	E
	T "fdivr st(i),st"		; ST(1) = 3/1
	fld1
	fld dword [cs:f_3]
	fdivr st1, st0
	fstp st0
	V M_ARITH
	E
	T "fdivp"			; 1/3
	fld1
	fld dword [cs:f_3]
	fdivp st1, st0
	V M_ARITH
	E
	T "fdivrp"			; 3/1
	fld1
	fld dword [cs:f_3]
	fdivrp st1, st0
	V M_ARITH
	E

; ---- precision and rounding control: 1/3 = 0.1010 1010 ... ----

	; 24 bits: AAAAAA then 1010...: up to AAAAAB.
	T "pc=24"
	fldcw [cs:cw_pc24]
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	; 53 bits: AAAAAAAAAAAAA plus one more 1 bit (A800), then 0101...: down.
	T "pc=53"
	fldcw [cs:cw_pc53]
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	T "rc=up"
	fldcw [cs:cw_up]
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	T "rc=down"
	fldcw [cs:cw_down]
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	T "rc=zero"
	fldcw [cs:cw_zero]
	fld1
	fdiv dword [cs:f_3]
	V M_ARITH
	E
	; -1/3 toward +infinity: the smaller magnitude (C1 left out).
	T "rc=up neg"
	fldcw [cs:cw_up]
	fld1
	fchs
	fdiv dword [cs:f_3]
	V M_NOC1
	E

; ---- FSQRT FPREM FPREM1 FRNDINT FSCALE FXTRACT FCHS FABS ----

	; sqrt(2) = B504F333 F9DE6484 597D...: down.
	T "fsqrt"
	fld dword [cs:f_2]
	fsqrt
	V M_ARITH
	E
	; sqrt(-1): IE, the real indefinite FFFF:C000000000000000.
	T "fsqrt -1"
	fld1
	fchs
	fsqrt
	V M_ARITH
	E
	; 7 = 2 x 3 + 1: quotient 010b: C0 = Q2 = 0, C3 = Q1 = 1, C1 = Q0 = 0.
	T "fprem"
	fld dword [cs:f_3]
	fld dword [cs:f_7]
	fprem
	V M_ALL
	E
	; 8 = 3 x 3 - 1 (8/3 rounds to 3): -1, quotient 011b: C3 C1.
	T "fprem1"
	fld dword [cs:f_3]
	fld dword [cs:f_8]
	fprem1
	V M_ALL
	E
	; 2^100 by 3: exponents 99 apart (> 63), a partial remainder: C2.
	; (Its value depends on the implementation's N, not printed.)
	T "fprem partial"
	fld dword [cs:f_3]
	fld dword [cs:f_2p100]
	fprem
	S 0x0400
	E
	; 2.5 to nearest even: 2, inexact, not rounded up.
	T "frndint"
	fld dword [cs:f_2_5]
	frndint
	V M_ARITH
	E
	T "frndint rc=up"		; 3, rounded up
	fldcw [cs:cw_up]
	fld dword [cs:f_2_5]
	frndint
	V M_ARITH
	E
	; 1.5 x 2^trunc(3.7) = 12, TOP 6.
	T "fscale"
	fld dword [cs:f_3_7]
	fld dword [cs:f_1_5]
	fscale
	V M_ARITH
	E
	; 10 = 1.25 x 2^3: ST(0) 1.25, ST(1) 3.0.
	T "fxtract"
	fld dword [cs:f_10]
	fxtract
	V M_ARITH
	VV
	E
	; 0: ZE, ST(0) = +0, ST(1) = -infinity (SDM FXTRACT).
	T "fxtract 0"
	fldz
	fxtract
	V M_ARITH
	VV
	E
	T "fchs"
	fld1
	fchs
	V M_ARITH
	E
	T "fabs"
	fld1
	fchs
	fabs
	V M_ARITH
	E

; ---- transcendentals (round to nearest of the exact value; FSIN FCOS
; FSINCOS FPTAN reduce by multiples of pi/2 with the x87's 66-bit pi,
; SDM 8.3.8; the values are from 400-bit arithmetic) ----

	T "f2xm1 0.5"			; sqrt(2) - 1 = 1.A82799...h x 2^-2: D413CCCFE7799211 | 0..., down
	fld dword [cs:f_0_5]
	f2xm1
	V M_ARITH
	E
	T "f2xm1 -1"			; exact -0.5
	fld dword [cs:f_m1]
	f2xm1
	V M_ARITH
	E
	T "fyl2x 3*log2(8)"		; exact 9, popped: TOP 7
	fld dword [cs:f_3]
	fld dword [cs:f_8]
	fyl2x
	V M_ARITH
	E
	T "fyl2x log2(10)"		; FLDL2T's value, down
	fld1
	fld dword [cs:f_10]
	fyl2x
	V M_ARITH
	E
	T "fyl2x log2(0)"		; ZE, -infinity
	fld1
	fldz
	fyl2x
	V M_ARITH
	E
	T "fyl2x log2(-1)"		; IE, indefinite
	fld1
	fld dword [cs:f_m1]
	fyl2x
	V M_ARITH
	E
	T "fyl2xp1 log2(1.25)"		; A4D3C25E 68DC57F2 | 0...: down
	fld1
	fld dword [cs:f_0_25]
	fyl2xp1
	V M_ARITH
	E
	T "fptan 1"			; ST(0) = 1.0 pushed, ST(1) = tan 1 (down)
	fld1
	fptan
	V M_ARITH
	VV
	E
	T "fpatan 1/1"			; pi/4, up
	fld1
	fld1
	fpatan
	V M_ARITH
	E
	T "fpatan 1/-inf"		; +pi (SDM FPATAN table), up
	fld1
	fld dword [cs:f_inf]
	fchs
	fpatan
	V M_ARITH
	E
	T "fsin 1"			; up
	fld1
	fsin
	V M_ARITH
	E
	T "fcos 1"			; up
	fld1
	fcos
	V M_ARITH
	E
	; ST(1) = sin 0.5, ST(0) = cos 0.5 (C1 left out: two roundings).
	T "fsincos 0.5"
	fld dword [cs:f_0_5]
	fsincos
	V M_NOC1
	VV
	E
	; FLDPI's value is pi66 + 2^-64 (pi66 = 3.243F6A8885A308D3h ends in
	; ...11b, FLDPI's 64 bits in ...C235h = ...0100b at that place): the
	; reduction leaves 2^-64 in the quadrant of -sin: -2^-64 (the true
	; sin of FLDPI's value is -0.ECE...h x 2^-64).
	T "fsin pi"
	fldpi
	fsin
	V M_NOC1
	E
	T "fsin 2^63"			; out of range: C2, ST(0) unchanged
	fld tword [cs:t_2p63]
	fsin
	V M_ARITH | 0x0400
	E
	T "fcos 0"			; exact 1
	fldz
	fcos
	V M_ARITH
	E
	T "fsin inf"			; IE, indefinite
	fld dword [cs:f_inf]
	fsin
	V M_ARITH
	E

; ---- compares: C3 C2 C0 = 000 >, 001 <, 100 =, 111 unordered; C1 = 0 ----

	T "fcom m32 <"
	fld1
	fcom dword [cs:f_2]
	S M_ALL
	E
	T "fcom m64 >"
	fld dword [cs:f_3]
	fcom qword [cs:d_2_5]
	S M_ALL
	E
	T "fcomp m32 ="			; popped: TOP 0
	fld1
	fcomp dword [cs:f_1]
	S M_ALL
	E
	T "fcom st(i) ="
	fld1
	fld1
	fcom st1
	S M_ALL
	E
	T "fcompp >"			; 2 against 1, two pops
	fld1
	fld dword [cs:f_2]
	fcompp
	S M_ALL
	E
	; FUCOM: a QNaN gives unordered without IE; FCOM raises IE.
	T "fucom qnan"
	fld dword [cs:f_qnan]
	fld1
	fucom st1
	S M_ALL
	E
	T "fcom qnan"
	fld dword [cs:f_qnan]
	fld1
	fcom st1
	S M_ALL
	E
	T "fucomp ="
	fld1
	fld1
	fucomp st1
	S M_ALL
	E
	T "fucompp >"
	fld1
	fld dword [cs:f_2]
	fucompp
	S M_ALL
	E
	T "ficom m16 >"			; 1 against -7
	fld1
	ficom word [cs:w_m7]
	S M_ALL
	E
	T "ficomp m32 <"		; 1 against 100000, popped
	fld1
	ficomp dword [cs:d_100000]
	S M_ALL
	E
	T "ftst <"
	fld1
	fchs
	ftst
	S M_ALL
	E
	T "ftst ="
	fldz
	ftst
	S M_ALL
	E
	; FXAM (SDM Table 3-x of FXAM): C3 C2 C0 = 010 normal, 100 zero,
	; 101 empty, 011 infinity, 001 NaN, 110 denormal; C1 the sign.
	T "fxam normal"
	fld1
	fxam
	S M_CC
	E
	T "fxam -0"
	fldz
	fchs
	fxam
	S M_CC
	E
	T "fxam empty"			; (C1: the empty register's sign, left out)
	fxam
	S 0x4500
	E
	T "fxam inf"
	fld dword [cs:f_inf]
	fxam
	S M_CC
	E
	T "fxam nan"
	fld dword [cs:f_qnan]
	fxam
	S M_CC
	E
	T "fxam denormal"
	fld tword [cs:t_denormal]
	fxam
	S M_CC
	E

; ---- FCOMI and FCMOVcc (P6): ZF PF CF = 000 >, 001 <, 100 =, 111 unordered ----

	T "fcomi <"			; 0 against 1
	fld1
	fldz
	fcomi st0, st1
	FL
	E
	T "fucomi ="
	fld1
	fld1
	fucomi st0, st1
	FL
	E
	T "fcomip >"			; 1 against 0, popped: ST(0) = 0, TOP 7
	fldz
	fld1
	fcomip st0, st1
	FL
	V M_ALL
	E
	T "fucomip nan"			; unordered, no IE, TOP 7
	fld dword [cs:f_qnan]
	fld1
	fucomip st0, st1
	FL
	S M_ALL
	E
	T "fcomi nan"			; unordered and IE
	fld dword [cs:f_qnan]
	fld1
	fcomi st0, st1
	FL
	S M_ALL
	E
	; ST(1) = 2, ST(0) = 1: a true condition moves 2 in.  STC: CF = 1;
	; XOR AX,AX: ZF = 1, PF = 1, CF = 0.
	T "fcmovb cf=1"
	fld dword [cs:f_2]
	fld1
	stc
	fcmovb st0, st1
	V M_ARITH
	E
	T "fcmovnb cf=1"
	fld dword [cs:f_2]
	fld1
	stc
	fcmovnb st0, st1
	V M_ARITH
	E
	T "fcmove zf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmove st0, st1
	V M_ARITH
	E
	T "fcmovne zf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmovne st0, st1
	V M_ARITH
	E
	T "fcmovbe zf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmovbe st0, st1
	V M_ARITH
	E
	T "fcmovnbe zf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmovnbe st0, st1
	V M_ARITH
	E
	T "fcmovu pf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmovu st0, st1
	V M_ARITH
	E
	T "fcmovnu pf=1"
	fld dword [cs:f_2]
	fld1
	xor ax, ax
	fcmovnu st0, st1
	V M_ARITH
	E

; ---- stores ----

	; The double 0.1 to single: 1.1001 1001 ... 1001 1|001 1...: 24 bits
	; 0xCCCCCC then 1100...: up, 3DCCCCCD, PE and C1.
	T "fst m32"
	fld qword [cs:d_0_1]
	fst dword [TMP]
	S M_ARITH
	M32 TMP
	E
	; 1/3 (AAAAAAAAAAAAAAAB x 2^-2) to double: 53 bits 1.0101...01 then
	; 0101...1011: down, 3FD5555555555555, PE, C1 = 0; popped: TOP 0.
	T "fstp m64"
	fld1
	fdiv dword [cs:f_3]
	fstp qword [TMP]
	S M_ARITH
	M64 TMP
	E
	T "fstp m80"			; a copy of 3.0
	fld dword [cs:f_3]
	fstp tword [TMP]
	S M_ARITH
	M80 TMP
	E
	T "fist m16"			; 2.5 to nearest even: 2, PE
	fld dword [cs:f_2_5]
	fist word [TMP]
	S M_ARITH
	M16 TMP
	E
	T "fistp m32"			; 3.5: 4, PE, rounded up; popped
	fld dword [cs:f_3_5]
	fistp dword [TMP]
	S M_ARITH
	M32 TMP
	E
	T "fistp m64"			; exact
	fild qword [cs:q_pattern]
	fistp qword [TMP]
	S M_ARITH
	M64 TMP
	E
	; 100000 does not fit 16 bits: IE, the integer indefinite 8000.
	T "fist m16 big"
	fild dword [cs:d_100000]
	fist word [TMP]
	S M_NOC1
	M16 TMP
	E
	; -123.5 to nearest even: -124; the packed BCD 80 00..00 01 24, PE.
	T "fbstp"
	fld dword [cs:f_m123_5]
	fbstp [TMP]
	S M_NOC1
	M80 TMP
	E
	T "fst st(i)"			; ST(1) = 2; then ST(0) popped
	fld1
	fld dword [cs:f_2]
	fst st1
	fstp st0
	V M_ARITH
	E
	T "fstp st(i)"
	fld1
	fld dword [cs:f_2]
	fstp st1
	V M_ARITH
	E

; ---- the register stack ----

	T "fxch"			; 1 and 2 trade places
	fld1
	fld dword [cs:f_2]
	fxch st1
	V M_ARITH
	VV
	E
	T "fincstp"			; TOP 7 -> 0, C1 = 0
	fld1
	fincstp
	S M_ARITH
	E
	T "fdecstp"			; TOP 0 -> 7
	fdecstp
	S M_ARITH
	E
	; Two pushes (R7, R6), R7 freed: tags 11 except R6 valid (00).
	T "ffree"
	fld1
	fld1
	ffree st1
	fnstenv [ENV]
	M16 ENV + 4
	E
	T "fnop"
	fld1
	fnop
	S M_ARITH
	E

; ---- stack faults (SDM 8.5.1.1): IE, SF; C1 = 1 overflow, 0 underflow ----

	; The ninth push: TOP 7, ST(0) = the real indefinite.
	T "stack overflow"
	fld1
	fld1
	fld1
	fld1
	fld1
	fld1
	fld1
	fld1
	fld1
	V M_ARITH
	E
	T "stack underflow"		; ST(0) = indefinite, TOP 0
	fadd st0, st1
	V M_ARITH
	E
	T "fst m32 empty"		; the single indefinite FFC00000
	fst dword [TMP]
	S M_ARITH
	M32 TMP
	E
	T "fistp m16 empty"		; the integer indefinite, popped: TOP 1
	fistp word [TMP]
	S M_ARITH
	M16 TMP
	E

; ---- masked responses ----

	T "0/0"				; IE, indefinite
	fldz
	fldz
	fdivp st1, st0
	V M_ARITH
	E
	T "1/0"				; ZE, +infinity
	fld1
	fldz
	fdivp st1, st0
	V M_ARITH
	E
	; (2^16383)^2 overflows: +infinity, OE PE, rounded up.
	T "overflow"
	fld tword [cs:t_max]
	fmul st0, st0
	V M_ARITH
	E
	; 2^-16382 x 0.5 = 2^-16383: a denormal, exact, so no UE (masked UE
	; needs an inexact result, SDM 4.9.1.5).
	T "denormal result"
	fld tword [cs:t_min]
	fmul dword [cs:f_0_5]
	V M_ARITH
	E
	; A denormal operand: DE; 1 + 2^-16445 rounds to 1: PE, not up.
	T "denormal operand"
	fld tword [cs:t_denormal]
	fadd dword [cs:f_1]
	V M_ARITH
	E

; ---- unmasked exceptions: ES and B, then #MF at the next waiting
; instruction (CR0.NE); the handler prints " #MF sw=" and clears ----

	; Underflow of the stack, IE unmasked: nothing written.
	T "unmasked stack"
	fldcw [cs:cw_ie]
	fadd st0, st1
	S M_ARITH
	fwait
	E
	; 1/0 with ZE unmasked: ST(1) keeps 1, TOP stays 6.
	T "unmasked ze"
	fldcw [cs:cw_ze]
	fld1
	fldz
	fdivp st1, st0
	S M_ARITH
	fwait
	V M_ARITH
	VV
	E
	; OE unmasked: the result's exponent is 7FFEh + 7FFEh - 3FFFh =
	; BFFDh, less 24576 (6000h): 5FFDh (SDM 8.5.4).
	T "unmasked oe"
	fldcw [cs:cw_oe]
	fld tword [cs:t_max]
	fmul st0, st0
	S M_ARITH
	fwait
	V M_ARITH
	E
	; UE unmasked: 0001h + 0001h - 3FFFh = -3FFDh, plus 6000h: 2003h
	; (SDM 8.5.5; unmasked, tininess alone raises UE).
	T "unmasked ue"
	fldcw [cs:cw_ue]
	fld tword [cs:t_min]
	fmul st0, st0
	S M_ARITH
	fwait
	V M_ARITH
	E

; ---- control ----

	T "fldcw/fnstcw"
	fldcw [cs:cw_zero]
	fnstcw [TMP]
	M16 TMP
	E
	T "fnstsw ax"
	fld1
	fnstsw ax
	call space
	call hex16
	E
	T "fnclex"			; flags, SF, ES, B cleared; TOP kept
	fldcw [cs:cw_ze]
	fld1
	fldz
	fdivp st1, st0
	fnclex
	S M_NOC1
	E
	T "fninit"
	fldcw [cs:cw_zero]
	fld1
	fninit
	fnstenv [ENV]
	M16 ENV
	M16 ENV + 2
	M16 ENV + 4
	E
	; 16-bit real-mode environment: CW SW TW, then FIP (20-bit linear,
	; here the FLD's), FOP (D9 /0 with ModRM 06: 106h), FDP (the
	; operand's linear address).  Printed: CW SW TW, FIP and FDP less the
	; expected addresses (0000), FOP.
	T "fnstenv"
fnstenv_fld:
	fld dword [cs:f_2]
	fnstenv [ENV]
	M16 ENV
	M16 ENV + 2
	M16 ENV + 4
	mov ax, [ENV + 8]
	shr ax, 12
	mov dx, ax
	mov ax, [ENV + 6]
	sub ax, (ROMBASE + fnstenv_fld - $$) & 0xFFFF
	sbb dx, (ROMBASE + fnstenv_fld - $$) >> 16
	or ax, dx
	call space
	call hex16
	mov ax, [ENV + 8]
	and ax, 0x7FF
	call space
	call hex16
	mov ax, [ENV + 12]
	shr ax, 12
	mov dx, ax
	mov ax, [ENV + 10]
	sub ax, (ROMBASE + f_2 - $$) & 0xFFFF
	sbb dx, (ROMBASE + f_2 - $$) >> 16
	or ax, dx
	call space
	call hex16
	E
	; FNSAVE stores and initialises; FRSTOR brings back 2 over 1.
	T "fnsave/frstor"
	fld1
	fld dword [cs:f_2]
	fnsave [ENV]
	S M_ALL
	fld dword [cs:f_3]
	frstor [ENV]
	V M_ALL
	VV
	E
	; The 32-bit real-mode image: the tag word at +8 (R7 R6 valid).
	T "o32 fnsave/frstor"
	fld1
	fld dword [cs:f_2]
	o32 fnsave [ENV]
	M16 ENV + 8
	o32 frstor [ENV]
	V M_ALL
	VV
	E
	T "fldenv"			; the environment comes back: CW, TOP
	fldcw [cs:cw_up]
	fld1
	fnstenv [ENV]
	fninit
	fldenv [ENV]
	fnstcw [TMP]
	M16 TMP
	S M_ARITH
	E

; ---- #NM (SDM Vol. 3 Table 2-2); the handler prints " #NM" and clears
; MP EM TS ----

	T "ts"
	mov eax, cr0
	or al, 0x08
	mov cr0, eax
	fld1
	V M_ARITH
	E
	T "em"
	mov eax, cr0
	or al, 0x04
	mov cr0, eax
	fld1
	V M_ARITH
	E
	T "wait ts"			; WAIT only with MP and TS
	mov eax, cr0
	or al, 0x08
	mov cr0, eax
	fwait
	mov eax, cr0
	and al, 0xF1
	mov cr0, eax
	E
	T "wait mp ts"
	mov eax, cr0
	or al, 0x0A
	mov cr0, eax
	fwait
	E

	call print_inline
	db "done", 10, 0
	cli
	hlt
	jmp $

; ---- handlers ----

mf_handler:
	push ax
	push bx
	call print_inline
	db " #MF", 0
	fnstsw [SWT]
	mov bx, M_ARITH
	call show_sw
	fnclex
	pop bx
	pop ax
	iret

nm_handler:
	push eax
	call print_inline
	db " #NM", 0
	mov eax, cr0
	and al, 0xF1
	mov cr0, eax
	pop eax
	iret

; ---- printing (every register kept but AX; print_inline and space
; keep AX too) ----

; The zero-terminated string after the call.
print_inline:
	push bp
	mov bp, sp
	push si
	push ax
	mov si, [bp + 2]
.next:
	mov al, [cs:si]
	inc si
	test al, al
	jz .done
	out DEBUGCON, al
	jmp .next
.done:
	mov [bp + 2], si
	pop ax
	pop si
	pop bp
	ret

newline:
	mov al, 10
	out DEBUGCON, al
	ret

space:
	push ax
	mov al, ' '
	out DEBUGCON, al
	pop ax
	ret

hex32:
	ror eax, 16
	call hex16
	ror eax, 16
	; fall through
hex16:
	xchg al, ah
	call hex8
	xchg al, ah
	; fall through
hex8:
	push ax
	shr al, 4
	call hex4
	pop ax
	push ax
	call hex4
	pop ax
	ret

hex4:
	and al, 0x0F
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'A' - '9' - 1
.out:
	out DEBUGCON, al
	ret

; " SSSS:MMMMMMMMMMMMMMMM" from TMP.
show_value:
	call space
	mov ax, [TMP + 8]
	call hex16
	mov al, ':'
	out DEBUGCON, al
	mov eax, [TMP + 4]
	call hex32
	mov eax, [TMP]
	call hex32
	ret

; " sw=XXXX": the status word at SWT, ANDed with BX.
show_sw:
	call print_inline
	db " sw=", 0
	mov ax, [SWT]
	and ax, bx
	call hex16
	ret

; ---- operands ----

	align 16
f_0_25		dd 0x3E800000
f_0_5		dd 0x3F000000
f_m1		dd 0xBF800000
f_1		dd 0x3F800000
f_1_5		dd 0x3FC00000
f_2		dd 0x40000000
f_2_5		dd 0x40200000
f_3		dd 0x40400000
f_3_5		dd 0x40600000
f_3_7		dd 0x406CCCCD
f_7		dd 0x40E00000
f_8		dd 0x41000000
f_10		dd 0x41200000
f_m123_5	dd 0xC2F70000
f_2p100		dd 0x71800000
f_inf		dd 0x7F800000
f_qnan		dd 0x7FC00000
f_snan		dd 0x7FA00000
f_tiny		dd 0x00000001
d_0_1		dq 0x3FB999999999999A
d_2_5		dq 0x4004000000000000
d_100000	dd 100000
w_m7		dw -7
q_max		dq 0x7FFFFFFFFFFFFFFF
q_pattern	dq 0x123456789ABCDEF0
t_5		dq 0xA000000000000000
		dw 0x4001
t_max		dq 0x8000000000000000	; 2^16383
		dw 0x7FFE
t_min		dq 0x8000000000000000	; 2^-16382
		dw 0x0001
t_denormal	dq 0x0000000000000001	; 2^-16445
		dw 0x0000
t_2p63		dq 0x8000000000000000	; 2^63
		dw 0x403E
bcd_m12345678	db 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0, 0, 0x80
cw_pc24		dw 0x007F
cw_pc53		dw 0x027F
cw_down		dw 0x077F
cw_up		dw 0x0B7F
cw_zero		dw 0x0F7F
cw_ie		dw 0x037E
cw_ze		dw 0x037B
cw_oe		dw 0x0377
cw_ue		dw 0x036F

	times 0xFFF0 - ($ - $$) db 0xFF
	jmp 0xF000:start
	times 0x10000 - ($ - $$) db 0xFF
