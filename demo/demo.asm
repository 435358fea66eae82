; The demo program that glasspc boots when given nothing to boot.  The
; boot sector (boot.asm) loads it at 1000:0000.
;
; It shows a text page (mode 3) saying what glasspc is and how to use it,
; and a graphics page (mode 13h) with stripes and a box that move with the
; BIOS timer tick (IRQ 0 from the PIT, counted at 0040:006C); Tab goes from
; one page to the other.  Keys are read from port 0x60 by our own IRQ 1
; handler, so what it shows and prints are the scan codes the 8042 really
; delivered (set 1: the 8042 translates the keyboard's set 2).  The mouse
; comes through the BIOS's PS/2 services (INT 15h C2xx).  COM1 gets a
; greeting, then one line per scan code and per byte received, so that a
; run without a window shows what happens; bytes arriving on COM1 count as
; typed keys.
; 8086 code: it runs on every CPU model the PC accepts.
	cpu 8086
	bits 16
	org 0

BIOS_TICKS	equ 0x6C	; word at 0040:006C, +1 every IRQ 0 (18.2 Hz)
COM1		equ 0x3F8
COM1_LSR	equ COM1 + 5
TEXT_SEGMENT	equ 0xB800
VGA_SEGMENT	equ 0xA000
KBD_VECTOR	equ 9 * 4	; IRQ 1 on the master PIC, as the BIOS programs it
SCAN_TAB	equ 0x0F
SCAN_BACKSPACE	equ 0x0E
SCAN_ENTER	equ 0x1C
TYPED_MAX	equ 60

; Text page attributes.
A_TITLE		equ 0x1F	; white on blue
A_BODY		equ 0x07
A_HEAD		equ 0x0E	; yellow
A_KEY		equ 0x0B	; light cyan
A_FIELD		equ 0x0F
A_BAR		equ 0x70	; black on grey

; The graphics page (320x200): a moving area between two title rows and
; the colour bars.
G_TOP		equ 16
G_BOTTOM	equ 176		; first row below the moving area
G_BARS		equ 180		; the 16 colour bars: 20 pixels wide each, to the last row
BOX		equ 24

start:
	cli
	mov ax, cs
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0xFFFE
	cld
	call com_init
	mov si, s_greeting
	call com_puts
	call install_keyboard
	sti
	call install_mouse
	call show_text_page

main_loop:
	hlt			; until the next tick, key or mouse packet
.events:
	call next_scan_code
	jc .serial
	call on_scan_code
	jmp .events
.serial:
	mov dx, COM1_LSR
	in al, dx
	cmp al, 0xFF		; no UART at all
	je .mouse
	test al, 1
	jz .mouse
	mov dx, COM1
	in al, dx
	call on_serial_byte
	jmp .serial
.mouse:
	cmp byte [mouse_moved], 0
	je .tick
	mov byte [mouse_moved], 0
	cmp byte [page], 0
	jne .tick		; the graphics page draws the cross every tick
	call show_mouse
.tick:
	push ds
	mov ax, 0x40
	mov ds, ax
	mov ax, [BIOS_TICKS]
	pop ds
	cmp ax, [last_tick]
	je main_loop
	mov [last_tick], ax
	cmp byte [page], 0
	jne .frame
	call show_ticks
	jmp main_loop
.frame:
	call draw_frame
	jmp main_loop

; ---- COM1 ----

; 115200 8N1.  The FIFO control register is left alone: writing it
; could drop bytes typed before we got here.
com_init:
	mov dx, COM1 + 3
	mov al, 0x80		; DLAB: the divisor follows
	out dx, al
	mov dx, COM1
	mov al, 1		; 115200 baud
	out dx, al
	inc dx
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03		; 8 bits, no parity, 1 stop bit
	out dx, al
	mov dx, COM1 + 4
	mov al, 0x03		; DTR, RTS
	out dx, al
	mov dx, COM1 + 1
	xor al, al		; no interrupts: the main loop polls
	out dx, al
	ret

; Sends AL; gives up after a while when nothing empties the transmitter.
com_putc:
	push cx
	push dx
	push ax
	mov dx, COM1_LSR
	mov cx, 0xFFFF
.wait:
	in al, dx
	test al, 0x20
	jnz .send
	loop .wait
.send:
	pop ax
	mov dx, COM1
	out dx, al
	pop dx
	pop cx
	ret

; Sends the string at DS:SI up to its 0.
com_puts:
	push ax
	push si
.next:
	lodsb
	test al, al
	jz .done
	call com_putc
	jmp .next
.done:
	pop si
	pop ax
	ret

; ---- the keyboard: scan codes from port 0x60 ----

install_keyboard:
	push es
	xor ax, ax
	mov es, ax
	mov word [es:KBD_VECTOR], keyboard_irq
	mov [es:KBD_VECTOR + 2], cs
	pop es
	ret

; IRQ 1: one byte from the 8042's output buffer into the ring.
keyboard_irq:
	push ax
	push bx
	in al, 0x60
	mov bl, [cs:kbd_head]
	xor bh, bh
	mov [cs:kbd_ring + bx], al
	inc bl
	and bl, KBD_RING_MASK
	cmp bl, [cs:kbd_tail]
	je .full		; drop the byte rather than the ring
	mov [cs:kbd_head], bl
.full:
	mov al, 0x20		; non-specific EOI
	out 0x20, al
	pop bx
	pop ax
	iret

; The next byte of the ring in AL; CF set when there is none.
next_scan_code:
	cli
	mov bl, [kbd_tail]
	cmp bl, [kbd_head]
	je .empty
	xor bh, bh
	mov al, [kbd_ring + bx]
	inc bl
	and bl, KBD_RING_MASK
	mov [kbd_tail], bl
	sti
	clc
	ret
.empty:
	sti
	stc
	ret

; One byte of set 1 in AL: E0 and E1 are prefixes of the next one.
on_scan_code:
	cmp al, 0xE0
	je .prefix
	cmp al, 0xE1
	je .prefix
	mov [code], al
	mov di, last_key
	mov si, s_key
	call cat_str
	mov al, [prefix]
	test al, al
	jz .code
	call cat_hex8
	mov al, ' '
	stosb
.code:
	mov al, [code]
	call cat_hex8
	mov si, s_make
	test byte [code], 0x80
	jz .kind
	mov si, s_break
.kind:
	call cat_str
	call key_meaning
	mov byte [prefix], 0
	call finish_key_line
	ret
.prefix:
	mov [prefix], al
	ret

; What the key in [code] (with [prefix]) means to us: shift state, Tab,
; and for a make code of a key that types, the character, added to the
; line at DI and to the typed text.
key_meaning:
	cmp byte [prefix], 0
	jne .done		; E0 keys: arrows, right Ctrl/Alt... nothing typed
	mov al, [code]
	mov ah, 1
	cmp al, 0x2A		; left shift
	je .shift
	cmp al, 0x36		; right shift
	je .shift
	xor ah, ah
	cmp al, 0xAA
	je .shift
	cmp al, 0xB6
	je .shift
	cmp al, SCAN_TAB
	je .tab
	cmp al, SCAN_BACKSPACE
	je .backspace
	cmp al, SCAN_ENTER
	je .enter
	cmp al, KEYMAP_SIZE
	jae .done		; breaks and keys that type nothing
	mov bx, keymap
	cmp byte [shift], 0
	je .map
	mov bx, keymap_shifted
.map:
	xlatb
	test al, al
	jz .done
	call cat_quoted
	call type_char
.done:
	ret
.shift:
	mov [shift], ah
	ret
.tab:
	mov byte [page_wanted], 1
	ret
.backspace:
	cmp byte [typed_len], 0
	je .done
	dec byte [typed_len]
	ret
.enter:
	mov byte [typed_len], 0
	ret

; Ends the line at DI (last_key): to COM1, and onto the text page; then a
; Tab's page switch.
finish_key_line:
	mov byte [di], 0
	mov si, last_key
	call com_puts
	mov si, s_crlf
	call com_puts
	cmp byte [page], 0
	jne .switch
	call show_typed
	call show_last_key
.switch:
	cmp byte [page_wanted], 0
	je .done
	mov byte [page_wanted], 0
	call switch_page
.done:
	ret

; A byte received on COM1 in AL: typed as if on the keyboard (Tab switches
; pages, CR or LF clears the line, backspace deletes).
on_serial_byte:
	mov [code], al
	mov di, last_key
	mov si, s_serial
	call cat_str
	mov al, [code]
	call cat_hex8
	mov al, [code]
	cmp al, 9
	je .tab
	cmp al, 13
	je .clear
	cmp al, 10
	je .clear
	cmp al, 8
	je .backspace
	cmp al, 0x7F
	je .backspace
	cmp al, ' '
	jb .done
	cmp al, 0x7E
	ja .done
	call cat_quoted
	call type_char
	jmp .done
.tab:
	mov byte [page_wanted], 1
	jmp .done
.clear:
	mov byte [typed_len], 0
	jmp .done
.backspace:
	cmp byte [typed_len], 0
	je .done
	dec byte [typed_len]
.done:
	call finish_key_line
	ret

; Appends " 'c'" (c in AL) at DI.
cat_quoted:
	push ax
	mov al, ' '
	stosb
	mov al, "'"
	stosb
	pop ax
	stosb
	push ax
	mov al, "'"
	stosb
	pop ax
	ret

; Adds AL to the typed text (it scrolls left when full).
type_char:
	push si
	push di
	push cx
	mov bl, [typed_len]
	cmp bl, TYPED_MAX
	jb .append
	push ax
	mov si, typed + 1
	mov di, typed
	mov cx, TYPED_MAX - 1
	rep movsb
	pop ax
	mov bl, TYPED_MAX - 1
.append:
	xor bh, bh
	mov [typed + bx], al
	inc bl
	mov [typed_len], bl
	pop cx
	pop di
	pop si
	ret

; ---- the mouse: the BIOS's PS/2 services ----

install_mouse:
	mov ax, 0xC205		; initialise, 3-byte packets
	mov bh, 3
	int 0x15
	jc .failed
	mov ax, 0xC207		; our handler
	push cs
	pop es
	mov bx, mouse_packet
	int 0x15
	jc .failed
	mov ax, 0xC200		; enable
	mov bh, 1
	int 0x15
	jc .failed
	push ds
	pop es
	mov byte [mouse_ok], 1
	mov si, s_mouse_ready
	call com_puts
	ret
.failed:
	push ds
	pop es
	mov di, last_key
	mov si, s_mouse_failed
	call cat_str
	mov al, ah
	call cat_hex8
	mov byte [di], 0
	mov si, last_key
	call com_puts
	mov si, s_crlf
	call com_puts
	mov byte [last_key], 0
	ret

; Called far by the BIOS for each packet, with status, X, Y and 0 pushed
; (in that order) as words.  Moves the pointer within 320x200.
mouse_packet:
	push bp
	mov bp, sp
	push ax
	push bx
	mov bx, [bp + 12]	; status: buttons, sign bits
	mov al, [bp + 10]	; X movement
	xor ah, ah
	test bl, 0x10
	jz .x
	mov ah, 0xFF
.x:
	add ax, [cs:mouse_x]
	jns .x_low
	xor ax, ax
.x_low:
	cmp ax, 319
	jle .x_high
	mov ax, 319
.x_high:
	mov [cs:mouse_x], ax
	mov al, [bp + 8]	; Y movement, up positive
	xor ah, ah
	test bl, 0x20
	jz .y
	mov ah, 0xFF
.y:
	neg ax
	add ax, [cs:mouse_y]
	jns .y_low
	xor ax, ax
.y_low:
	cmp ax, 199
	jle .y_high
	mov ax, 199
.y_high:
	mov [cs:mouse_y], ax
	and bl, 7
	mov [cs:mouse_buttons], bl
	mov byte [cs:mouse_moved], 1
	pop bx
	pop ax
	pop bp
	retf

; ---- the pages ----

switch_page:
	xor byte [page], 1
	cmp byte [page], 0
	je show_text_page
	jmp show_graphics_page

show_text_page:
	mov ax, 0x0003		; 80x25 text
	int 0x10
	mov ah, 0x01		; no cursor
	mov cx, 0x2000
	int 0x10
	mov dh, 0
	mov bl, A_TITLE
	call fill_row
	mov dh, 24
	mov bl, A_BAR
	call fill_row
	mov si, text_page
.item:
	lodsb
	cmp al, 0xFF
	je .fields
	mov dh, al
	lodsb
	mov dl, al
	lodsb
	mov bl, al
	call put_str_at
	jmp .item
.fields:
	call show_typed
	call show_last_key
	call show_mouse
	call show_ticks
	ret

; DH row, BL attribute: a row of blanks.
fill_row:
	push es
	mov ax, TEXT_SEGMENT
	mov es, ax
	xor dl, dl
	call text_offset
	mov al, ' '
	mov ah, bl
	mov cx, 80
	rep stosw
	pop es
	ret

; DI = the text buffer offset of row DH, column DL.
text_offset:
	push ax
	mov al, 80
	mul dh
	add al, dl
	adc ah, 0
	shl ax, 1
	mov di, ax
	pop ax
	ret

; The string at DS:SI at row DH, column DL in attribute BL; SI ends past
; its 0.
put_str_at:
	push es
	push ax
	mov ax, TEXT_SEGMENT
	mov es, ax
	call text_offset
	mov ah, bl
.next:
	lodsb
	test al, al
	jz .done
	stosw
	jmp .next
.done:
	pop ax
	pop es
	ret

; A field: row DH from column 9 to the end cleared, then DS:SI there.
put_field:
	push si
	push es
	mov ax, TEXT_SEGMENT
	mov es, ax
	mov dl, 9
	call text_offset
	mov ax, (A_FIELD << 8) | ' '
	mov cx, 80 - 9
	rep stosw
	pop es
	pop si
	mov bl, A_FIELD
	call put_str_at
	ret

show_typed:
	mov bl, [typed_len]
	xor bh, bh
	mov byte [typed + bx], 0
	mov si, typed
	mov dh, ROW_TYPED
	jmp put_field

show_last_key:
	mov si, last_key
	mov dh, ROW_KEY
	jmp put_field

show_mouse:
	mov di, line
	cmp byte [mouse_ok], 0
	jne .position
	mov si, s_no_mouse
	call cat_str
	jmp .show
.position:
	mov si, s_x
	call cat_str
	mov ax, [mouse_x]
	call cat_dec
	mov si, s_y
	call cat_str
	mov ax, [mouse_y]
	call cat_dec
	mov si, s_buttons
	call cat_str
	mov bl, [mouse_buttons]
	mov al, 'L'
	call cat_button
	mov al, 'R'
	call cat_button
	mov al, 'M'
	call cat_button
.show:
	mov byte [di], 0
	mov si, line
	mov dh, ROW_MOUSE
	jmp put_field

; AL if BL's low bit is set, else '-'; BL shifts right.
cat_button:
	test bl, 1
	jnz .put
	mov al, '-'
.put:
	stosb
	shr bl, 1
	ret

show_ticks:
	mov di, line
	mov ax, [last_tick]
	call cat_dec
	mov si, s_ticks
	call cat_str
	mov byte [di], 0
	mov si, line
	mov dh, ROW_TICKS
	jmp put_field

show_graphics_page:
	mov ax, 0x0013		; 320x200, 256 colours
	int 0x10
	mov dx, 0x0000
	mov si, s_g_title
	mov bl, 15
	call gputs
	mov dx, 0x0100
	mov si, s_g_help
	mov bl, 14
	call gputs
	; The 16 colour bars: the first 16 entries of the BIOS's palette.
	push es
	mov ax, VGA_SEGMENT
	mov es, ax
	mov di, G_BARS * 320
	mov dx, 200 - G_BARS
.bar_row:
	xor al, al
.bar:
	mov cx, 20
	rep stosb
	inc al
	cmp al, 16
	jb .bar
	dec dx
	jnz .bar_row
	pop es
	call draw_frame
	ret

; BIOS teletype in graphics modes: the string at SI from row DH, column
; DL, in colour BL.
gputs:
	push bx
	mov ah, 0x02
	xor bh, bh
	int 0x10
	pop bx
.next:
	lodsb
	test al, al
	jz .done
	mov ah, 0x0E
	xor bh, bh
	int 0x10
	jmp .next
.done:
	ret

; One frame of the moving area for tick [last_tick]: diagonal stripes of
; the BIOS palette's 24 bright hues (32-55) sliding two pixels a tick, a
; box bouncing around, and the mouse pointer as a cross.
draw_frame:
	push es
	mov ax, VGA_SEGMENT
	mov es, ax
	mov di, G_TOP * 320
	mov bp, G_TOP
.row:
	; v = row + 2 * tick; hue = (v / 8) mod 24, run = 8 - v mod 8
	mov ax, [last_tick]
	shl ax, 1
	add ax, bp
	mov bx, ax
	and bx, 7
	mov cl, 3
	shr ax, cl
	xor dx, dx
	mov cx, 24
	div cx
	mov ax, 8
	sub ax, bx
	mov bx, dx		; BL = hue
	mov dx, 320		; pixels left in the row
.run:
	mov cx, ax
	cmp cx, dx
	jbe .fill
	mov cx, dx
.fill:
	sub dx, cx
	mov al, bl
	add al, 32
	rep stosb
	inc bl
	cmp bl, 24
	jb .hue
	xor bl, bl
.hue:
	mov ax, 8
	test dx, dx
	jnz .run
	inc bp
	cmp bp, G_BOTTOM
	jb .row
	; The box: x and y run back and forth at 3 and 2 pixels a tick.
	mov ax, [last_tick]
	mov cx, ax
	shl ax, 1
	add ax, cx		; 3 * tick
	mov cx, 320 - BOX
	call bounce
	mov bx, ax
	mov ax, [last_tick]
	shl ax, 1
	mov cx, G_BOTTOM - G_TOP - BOX
	call bounce
	add ax, G_TOP
	mov cx, 320
	mul cx
	add ax, bx
	mov di, ax
	mov dx, BOX
.box_row:
	mov al, 15
	mov cx, BOX
	rep stosb
	add di, 320 - BOX
	dec dx
	jnz .box_row
	cmp byte [mouse_ok], 0
	je .done
	call draw_pointer
.done:
	pop es
	ret

; AX = the position of a point bouncing between 0 and CX after moving AX.
bounce:
	push dx
	push bx
	mov bx, cx
	shl bx, 1
	xor dx, dx
	div bx			; DX = AX mod 2 * CX
	mov ax, dx
	cmp ax, cx
	jbe .done
	sub ax, bx
	neg ax
.done:
	pop bx
	pop dx
	ret

; A white cross of 9 by 9 pixels at the mouse position, kept inside the
; moving area (ES = the VGA).
draw_pointer:
	mov ax, [mouse_y]
	cmp ax, G_TOP + 4
	jae .y_low
	mov ax, G_TOP + 4
.y_low:
	cmp ax, G_BOTTOM - 5
	jbe .y_high
	mov ax, G_BOTTOM - 5
.y_high:
	mov bx, [mouse_x]
	cmp bx, 4
	jae .x_low
	mov bx, 4
.x_low:
	cmp bx, 315
	jbe .x_high
	mov bx, 315
.x_high:
	mov cx, 320
	mul cx
	add ax, bx
	mov di, ax
	sub di, 4
	mov al, 15
	mov cx, 9
	rep stosb
	sub di, 5 + 4 * 320
	mov cx, 9
.vertical:
	mov [es:di], al
	add di, 320
	loop .vertical
	ret

; ---- building lines ----

; Copies the string at SI to DI, without its 0.
cat_str:
	lodsb
	test al, al
	jz .done
	stosb
	jmp cat_str
.done:
	ret

; AL as two hex digits at DI.
cat_hex8:
	push ax
	push cx
	mov ah, al
	mov cl, 4
	shr al, cl
	call .digit
	mov al, ah
	and al, 0x0F
	call .digit
	pop cx
	pop ax
	ret
.digit:
	add al, '0'
	cmp al, '9'
	jbe .put
	add al, 'A' - '9' - 1
.put:
	stosb
	ret

; AX in decimal at DI.
cat_dec:
	push bx
	push cx
	push dx
	mov bx, 10
	xor cx, cx
.divide:
	xor dx, dx
	div bx
	push dx
	inc cx
	test ax, ax
	jnz .divide
.put:
	pop ax
	add al, '0'
	stosb
	loop .put
	pop dx
	pop cx
	pop bx
	ret

; ---- text ----

s_greeting:
	db "glasspc demo: hello from the guest on COM1.", 13, 10
	db "glasspc demo: this is the demo disk glasspc boots when given nothing to boot.", 13, 10
	db "glasspc demo: every key (scan code read from port 0x60) and every byte typed", 13, 10
	db "glasspc demo: here (COM1 input) is echoed; Tab switches text/graphics page.", 13, 10
	db "glasspc demo: no window? type in this terminal (then Enter); Ctrl-C stops glasspc.", 13, 10
	db "glasspc demo: boot your own image with 'glasspc IMAGE'; --help lists the options.", 13, 10, 0
s_mouse_ready:	db "glasspc demo: PS/2 mouse ready (INT 15h C2)", 13, 10, 0
s_mouse_failed:	db "glasspc demo: no PS/2 mouse: INT 15h C2 returned AH=", 0
s_key:		db "key ", 0
s_make:		db " make", 0
s_break:	db " break", 0
s_serial:	db "COM1 got ", 0
s_crlf:		db 13, 10, 0
s_x:		db "x ", 0
s_y:		db "  y ", 0
s_buttons:	db "  buttons ", 0
s_no_mouse:	db "no PS/2 mouse (INT 15h C2 failed)", 0
s_ticks:	db " (the BIOS timer tick, 18.2 a second)", 0
s_g_title:	db "glasspc demo - VGA mode 13h, 320x200", 0
s_g_help:	db "Tab: back to the text page", 0

ROW_TYPED	equ 18
ROW_KEY		equ 19
ROW_MOUSE	equ 20
ROW_TICKS	equ 21

; The text page: row, column, attribute, text.
text_page:
	db 0, 1, A_TITLE, "glasspc - an x86 PC emulator in portable C, in the tradition of Bochs", 0
	db 2, 1, A_BODY, "This is glasspc's demo disk: a boot sector and a small program written in nasm", 0
	db 3, 1, A_BODY, "(demo/ in the source tree), booted by SeaBIOS from a 1.44 MB floppy image.", 0
	db 5, 1, A_HEAD, "Window hot keys are Ctrl+Alt plus a letter:", 0
	db 6, 3, A_KEY, "G", 0, 6, 6, A_BODY, "release the mouse (a click in the window captures it)", 0
	db 7, 3, A_KEY, "F", 0, 7, 6, A_BODY, "fullscreen on/off", 0
	db 7, 30, A_KEY, "S", 0, 7, 33, A_BODY, "screenshot (glasspc-N.png)", 0
	db 8, 3, A_KEY, "P", 0, 8, 6, A_BODY, "pause/resume", 0
	db 8, 30, A_KEY, "R", 0, 8, 33, A_BODY, "reset", 0
	db 8, 45, A_KEY, "Q", 0, 8, 48, A_BODY, "power off", 0
	db 9, 3, A_KEY, "D", 0, 9, 6, A_BODY, "debugger", 0
	db 9, 30, A_KEY, "V", 0, 9, 33, A_BODY, "paste the clipboard as typed keys", 0
	db 11, 1, A_HEAD, "From the shell:", 0
	db 12, 3, A_KEY, "glasspc IMAGE", 0, 12, 25, A_BODY, "boot your own floppy, hard disk or CD image", 0
	db 13, 3, A_KEY, "glasspc --debugger", 0, 13, 25, A_BODY, "start in the debugger console", 0
	db 14, 3, A_KEY, "glasspc --help", 0, 14, 25, A_BODY, "every option (--display none: no window)", 0
	db 16, 1, A_HEAD, "Type keys and move the mouse (click to capture it): they show below.", 0
	db ROW_TYPED, 1, A_BODY, "Typed:", 0
	db ROW_KEY, 1, A_BODY, "Key:", 0
	db ROW_MOUSE, 1, A_BODY, "Mouse:", 0
	db ROW_TICKS, 1, A_BODY, "Ticks:", 0
	db 24, 1, A_BAR, "Tab: the graphics page     COM1 (the serial port) gets every key too", 0
	db 0xFF

; Set 1 make codes 00-39 to characters (0: none), US layout.
keymap:
	db 0, 0, "1234567890-=", 0, 0, "qwertyuiop[]", 0, 0, "asdfghjkl;'`", 0, "\zxcvbnm,./", 0, "*", 0, " "
KEYMAP_SIZE	equ $ - keymap
keymap_shifted:
	db 0, 0, "!@#$%^&*()_+", 0, 0, "QWERTYUIOP{}", 0, 0, 'ASDFGHJKL:"~', 0, "|ZXCVBNM<>?", 0, "*", 0, " "
%if $ - keymap_shifted != KEYMAP_SIZE
%error "the two keymaps differ in length"
%endif

; ---- state ----

KBD_RING_MASK	equ 63
kbd_ring:	times KBD_RING_MASK + 1 db 0
kbd_head:	db 0
kbd_tail:	db 0
prefix:		db 0
code:		db 0
shift:		db 0
page:		db 0		; 0 text, 1 graphics
page_wanted:	db 0
mouse_ok:	db 0
mouse_moved:	db 0
mouse_buttons:	db 0
mouse_x:	dw 160
mouse_y:	dw 100
last_tick:	dw 0
typed_len:	db 0
typed:		times TYPED_MAX + 1 db 0
last_key:	times 80 db 0
line:		times 80 db 0

%if $ - $$ > 17 * 512
%error "the demo program outgrew the 17 sectors the boot sector loads"
%endif
