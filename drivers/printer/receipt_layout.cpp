#include "drivers/printer/receipt_layout.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <ctime>
#include <memory>

#include <fmt/format.h>

#include "base/log.h"
#include "drivers/printer/local_reference.h"
#include "drivers/printer/receipt_texts.h"

namespace kiosk::printer {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
// 80 mm paper; thermal heads print about 72 mm of it, so keep 4 mm clear on each side.
constexpr double kRollWidthMm = 80.0;
constexpr double kRollMarginMm = 4.0;
constexpr double kA4WidthMm = 210.0;
constexpr double kA4HeightMm = 297.0;
constexpr double kA4MarginMm = 20.0;
// DejaVu Sans ships in fonts-dejavu-core and covers every glyph French needs (œ, €, « »).
constexpr const char* kFontFamily = "DejaVu Sans";

struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

struct Geometry {
  double page_width;
  double margin;
  double content_width;
  double base_size;  // body font size in points
};

Geometry GeometryFor(PaperFormat format) {
  if (format == PaperFormat::kRoll80) {
    double w = kRollWidthMm * kPointsPerMm;
    double m = kRollMarginMm * kPointsPerMm;
    return {w, m, w - 2 * m, 9.0};
  }
  double w = kA4WidthMm * kPointsPerMm;
  double m = kA4MarginMm * kPointsPerMm;
  return {w, m, w - 2 * m, 12.0};
}

// French typography keeps « » and : ; ! ? on the line of the word they belong to: the
// space next to them becomes a narrow no-break space (U+202F), so a wrapped line never
// starts with » or ? alone.
std::string KeepPunctuationAttached(std::string_view text) {
  static constexpr std::string_view kNarrowNbsp = "\u202f";
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view rest = text.substr(i);
    if (rest.rfind("« ", 0) == 0) {
      out.append("«");
      out.append(kNarrowNbsp);
      i += std::string_view("« ").size() - 1;
      continue;
    }
    if (text[i] == ' ' &&
        (rest.rfind(" »", 0) == 0 || rest.rfind(" :", 0) == 0 || rest.rfind(" ;", 0) == 0 ||
         rest.rfind(" !", 0) == 0 || rest.rfind(" ?", 0) == 0)) {
      out.append(kNarrowNbsp);
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

// Draws the receipt top to bottom on `cr` and returns the height used. With `draw` false it
// only measures (the same layouts, nothing painted), so the roll page can be sized exactly.
class ReceiptPainter {
 public:
  ReceiptPainter(cairo_t* cr, const Geometry& g, bool draw) : cr_(cr), g_(g), draw_(draw) {
    y_ = g_.margin;
  }

  void Text(std::string_view text, double scale, bool bold, PangoAlignment align,
            double space_after_pt) {
    if (text.empty()) return;
    LayoutPtr layout(pango_cairo_create_layout(cr_));
    std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFontFamily);
    pango_font_description_set_absolute_size(font.get(), g_.base_size * scale * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(g_.content_width * PANGO_SCALE));
    // Long commune and procedure names wrap between words, and inside a word only when a
    // single word is wider than the paper.
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    std::string shown = KeepPunctuationAttached(text);
    pango_layout_set_text(layout.get(), shown.data(), static_cast<int>(shown.size()));

    int width = 0, height = 0;
    pango_layout_get_size(layout.get(), &width, &height);
    if (draw_) {
      cairo_move_to(cr_, g_.margin, y_);
      pango_cairo_show_layout(cr_, layout.get());
    }
    y_ += static_cast<double>(height) / PANGO_SCALE + space_after_pt;
  }

  // A label in small type above its value.
  void Field(std::string_view label, std::string_view value, double value_scale = 1.0,
             bool bold_value = false) {
    Text(label, 0.8, false, PANGO_ALIGN_LEFT, 1);
    Text(value, value_scale, bold_value, PANGO_ALIGN_LEFT, g_.base_size * 0.6);
  }

  void Rule() {
    y_ += g_.base_size * 0.3;
    if (draw_) {
      cairo_set_line_width(cr_, 0.8);
      cairo_move_to(cr_, g_.margin, y_);
      cairo_line_to(cr_, g_.margin + g_.content_width, y_);
      cairo_stroke(cr_);
    }
    y_ += g_.base_size * 0.7;
  }

  Status QrCode(const std::string& payload, double size_pt) {
    std::unique_ptr<QRcode, QrDeleter> qr(
        QRcode_encodeString(payload.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!qr) return InternalError("qrencode failed");
    double module = size_pt / qr->width;
    double left = g_.margin + (g_.content_width - size_pt) / 2;
    if (draw_) {
      for (int row = 0; row < qr->width; ++row) {
        for (int col = 0; col < qr->width; ++col) {
          // Bit 0 of each byte says whether the module is dark.
          if (qr->data[row * qr->width + col] & 1) {
            cairo_rectangle(cr_, left + col * module, y_ + row * module, module, module);
          }
        }
      }
      cairo_fill(cr_);
    }
    y_ += size_pt + g_.base_size;
    return OkStatus();
  }

  double height() const { return y_ + g_.margin; }

 private:
  cairo_t* cr_;
  Geometry g_;
  bool draw_;
  double y_;
};

std::string LocalDateTime(const ReceiptData& data) {
  // The process's zone: the kiosk and kioskctl set it to identity.time_zone at start-up
  // (UseConfiguredTimeZone), the zone the submission records.
  std::time_t t = std::chrono::system_clock::to_time_t(data.created_at);
  std::tm tm{};
  localtime_r(&t, &tm);
  const char* pattern = data.language == "de" ? "%d.%m.%Y %H:%M (%Z)" : "%d/%m/%Y %H:%M (%Z)";
  char buffer[64];
  std::strftime(buffer, sizeof buffer, pattern, &tm);
  return buffer;
}

Status Paint(cairo_t* cr, const Geometry& g, bool draw, const ReceiptData& data,
             const std::string& reference, double* height) {
  ReceiptPainter p(cr, g, draw);
  const std::string_view lang = data.language;
  auto label = [&](ReceiptLabel l) { return ReceiptText(lang, l); };

  p.Text(data.commune, 1.5, true, PANGO_ALIGN_CENTER, 2);
  p.Text(data.site, 1.0, false, PANGO_ALIGN_CENTER, 4);
  p.Rule();
  p.Text(label(ReceiptLabel::kTitle), 1.3, true, PANGO_ALIGN_CENTER, g.base_size);
  p.Field(label(ReceiptLabel::kProcedure), data.procedure_title, 1.15, true);
  p.Field(label(ReceiptLabel::kDateTime), LocalDateTime(data));
  p.Field(label(ReceiptLabel::kLocalReference), reference, 2.0, true);
  p.Field(label(ReceiptLabel::kCentralReference),
          data.central_reference ? std::string_view(*data.central_reference)
                                 : label(ReceiptLabel::kCentralPending),
          data.central_reference ? 1.15 : 1.0, data.central_reference.has_value());
  p.Field(label(ReceiptLabel::kStatus), data.state == SubmissionState::kSent
                                            ? label(ReceiptLabel::kStatusSent)
                                            : label(ReceiptLabel::kStatusWaiting));
  for (const auto& field : data.personal_data) p.Field(field.label, field.value);
  KIOSK_RETURN_IF_ERROR(p.QrCode(reference, 30 * kPointsPerMm));
  if (!data.next_steps.empty()) {
    p.Rule();
    p.Text(label(ReceiptLabel::kNextSteps), 1.0, true, PANGO_ALIGN_LEFT, 2);
    p.Text(data.next_steps, 1.0, false, PANGO_ALIGN_LEFT, 4);
  }
  p.Rule();
  p.Text(label(ReceiptLabel::kKeep), 0.9, false, PANGO_ALIGN_CENTER, 0);
  *height = p.height();
  return OkStatus();
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

StatusOr<PaperFormat> ParsePaperFormat(std::string_view text) {
  if (text == "roll80") return PaperFormat::kRoll80;
  if (text == "a4") return PaperFormat::kA4;
  return InvalidInputError(fmt::format("paper format \"{}\" is neither roll80 nor a4", text));
}

std::string_view PaperFormatName(PaperFormat format) {
  return format == PaperFormat::kRoll80 ? "roll80" : "a4";
}

StatusOr<RenderedReceipt> RenderReceipt(const ReceiptData& data, PaperFormat format) {
  KIOSK_RETURN_IF_ERROR(ValidateReceiptData(data));
  KIOSK_ASSIGN_OR_RETURN(std::string reference, LocalReferenceFromUuid(data.submission_id));
  const Geometry g = GeometryFor(format);

  // Pass 1: measure on a scratch surface. Pango needs a cairo context for font metrics;
  // the PDF surface's size cannot change once created, so the roll is measured first.
  double content_height = 0;
  {
    SurfacePtr scratch(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
    CairoPtr cr(cairo_create(scratch.get()));
    KIOSK_RETURN_IF_ERROR(Paint(cr.get(), g, false, data, reference, &content_height));
  }

  RenderedReceipt out;
  out.reference = reference;
  out.width_pt = g.page_width;
  out.height_pt = format == PaperFormat::kRoll80 ? content_height : kA4HeightMm * kPointsPerMm;
  if (format == PaperFormat::kA4 && content_height > out.height_pt) {
    // TODO(#8): break onto a second page; a receipt is far shorter than A4 in practice.
    Log(Subsystem::kPrint).warn("receipt content is longer than an A4 page and is cut");
  }

  // Pass 2: draw for real.
  SurfacePtr pdf(
      cairo_pdf_surface_create_for_stream(AppendToString, &out.pdf, out.width_pt, out.height_pt));
  cairo_pdf_surface_set_metadata(
      pdf.get(), CAIRO_PDF_METADATA_TITLE,
      std::string(ReceiptText(data.language, ReceiptLabel::kTitle)).c_str());
  CairoPtr cr(cairo_create(pdf.get()));
  cairo_set_source_rgb(cr.get(), 0, 0, 0);
  double drawn_height = 0;
  KIOSK_RETURN_IF_ERROR(Paint(cr.get(), g, true, data, reference, &drawn_height));
  cairo_show_page(cr.get());
  cr.reset();
  cairo_surface_finish(pdf.get());
  if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS) {
    return InternalError(
        fmt::format("cairo: {}", cairo_status_to_string(cairo_surface_status(pdf.get()))));
  }
  return out;
}

ReceiptData TestReceiptData(std::string_view language) {
  ReceiptData data;
  data.language = std::string(language);
  data.commune = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson";
  data.site = "Hôtel de ville — hall d’accueil";
  data.procedure_title = "Demande d’acte de naissance « copie intégrale » — œuvre d’état civil";
  data.submission_id = "3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b";
  data.created_at = std::chrono::system_clock::from_time_t(1'796'322'151);  // 2026-12-03
  data.state = SubmissionState::kWaiting;
  data.next_steps =
      "Vous recevrez l’acte par courrier sous 8 jours. Frais : 0 € (gratuit). "
      "Caractères : àâäéèêëîïôöùûüÿç ÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇ œŒ æÆ « » € ’ …";
  data.personal_data = {{std::string(ReceiptText(language, ReceiptLabel::kPersonalData)),
                         ShortHolderName("Éloïse", "D’ARGENTRÉ-ŒUVRARD")}};
  return data;
}

}  // namespace kiosk::printer
