#include "kiosk/devices/receipt_conversion.h"

#include "base/wipe.h"

namespace kiosk::devices {

printer::ReceiptData ToReceiptData(const session::Receipt& receipt) {
  printer::ReceiptData data;
  data.language = receipt.language;
  data.commune = receipt.commune;
  data.site = receipt.site;
  data.procedure_title = receipt.procedure_title;
  data.submission_id = receipt.submission_id;
  data.created_at = receipt.created_at;
  data.state = receipt.sent ? printer::SubmissionState::kSent : printer::SubmissionState::kWaiting;
  if (!receipt.central_reference.empty()) data.central_reference = receipt.central_reference;
  data.next_steps = receipt.next_steps;
  data.personal_data.reserve(receipt.lines.size());
  for (const session::ReceiptLine& line : receipt.lines) {
    data.personal_data.push_back({line.label, line.value});
  }
  return data;
}

void ApplyQueueState(const offline::SubmissionRecord& record, printer::ReceiptData& data) {
  data.central_reference.reset();
  data.state = printer::SubmissionState::kWaiting;
  if (record.state != offline::SubmissionState::kSent) return;
  data.state = printer::SubmissionState::kSent;
  if (!record.central_reference.empty()) data.central_reference = record.central_reference;
}

void WipeReceiptData(printer::ReceiptData& data) {
  for (printer::PrintableField& field : data.personal_data) {
    WipeString(field.label);
    WipeString(field.value);
  }
  data.personal_data.clear();
  for (std::string* text :
       {&data.commune, &data.site, &data.procedure_title, &data.submission_id, &data.next_steps}) {
    WipeString(*text);
  }
  if (data.central_reference) WipeString(*data.central_reference);
  data.central_reference.reset();
}

}  // namespace kiosk::devices
