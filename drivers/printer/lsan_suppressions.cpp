// LeakSanitizer suppressions (asan preset) for every executable that renders a receipt: the
// kiosk, kioskctl and the print tests (kiosk_lsan_suppressions() in cmake/KioskWarnings.cmake
// adds this file to them in sanitizer builds only). LSan reads them through this hook.
// Pango's default font map and fontconfig keep their font caches for the life of the process
// by design (only FcFini frees them, which a library must not call); GLib's type system does
// the same. Our own cairo and pango objects are freed by the RAII wrappers in
// receipt_layout.cpp; a leak of ours that passes through these libraries would be hidden.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:libpango-1.0.so\n"
         "leak:libpangoft2-1.0.so\n"
         "leak:libpangocairo-1.0.so\n"
         "leak:libcairo.so\n"
         "leak:libglib-2.0.so\n"
         "leak:libgobject-2.0.so\n"
         "leak:libharfbuzz.so\n";
}
