"""Printed matter: QR business cards, the paper sign-up form, the LEA-N letter of intent and the
assistance & support request.

Cards and the paper form are laid out as toolkit-free scenes (`scene`), written to PDF by `pdf`
and painted by the GUI's preview from the same data; the letters use reportlab's flowing text.
Nothing here imports Qt.
"""
