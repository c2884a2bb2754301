#include "kiosk/texts.h"

#include <array>

namespace kiosk {
namespace {

struct Entry {
  std::string_view key;
  std::string_view fr;
  std::string_view en;
  std::string_view es;
  std::string_view de;
};

// French first: it is the reference text and the fallback.
constexpr std::array kEntries = {
    Entry{"welcome.title", "Bienvenue à la mairie", "Welcome to the town hall",
          "Bienvenido al ayuntamiento", "Willkommen im Rathaus"},
    Entry{"welcome.subtitle", "Vos démarches en quelques minutes, et votre récépissé à emporter.",
          "Your procedures in a few minutes, with a receipt to take home.",
          "Sus trámites en pocos minutos, con un resguardo para llevar.",
          "Ihre Anliegen in wenigen Minuten, mit einer Quittung zum Mitnehmen."},
    Entry{"welcome.start", "« Touchez ici pour commencer »", "“Touch here to start”",
          "«Toque aquí para empezar»", "„Hier berühren, um zu beginnen“"},
    Entry{"welcome.card_hint", "Ou posez directement votre carte d’identité sur le lecteur.",
          "Or place your identity card on the reader.",
          "O coloque su documento de identidad en el lector.",
          "Oder legen Sie Ihren Ausweis auf das Lesegerät."},
    Entry{"welcome.choose_language", "Choisissez votre langue", "Choose your language",
          "Elija su idioma", "Wählen Sie Ihre Sprache"},
    Entry{"welcome.accessibility", "Taille du texte, contraste et guidage vocal",
          "Text size, contrast and audio guidance", "Tamaño del texto, contraste y guía de voz",
          "Textgröße, Kontrast und Sprachausgabe"},
    Entry{"welcome.contrast", "Contraste", "Contrast", "Contraste", "Kontrast"},
    Entry{"welcome.audio", "Voix", "Voice", "Voz", "Stimme"},
    Entry{"welcome.privacy",
          "Vos données sont effacées de la borne dès la fin de votre démarche — rien n’est "
          "conservé ici…",
          "Your data is erased from this terminal as soon as you finish — nothing is kept here…",
          "Sus datos se borran del terminal al terminar — aquí no se guarda nada…",
          "Ihre Daten werden nach Abschluss vom Terminal gelöscht — hier bleibt nichts…"},
    Entry{"common.back", "Retour", "Back", "Volver", "Zurück"},
    Entry{"common.next", "Suivant", "Next", "Siguiente", "Weiter"},
    Entry{"common.cancel", "Annuler", "Cancel", "Cancelar", "Abbrechen"},
    Entry{"common.quit", "Arrêter", "Stop", "Salir", "Beenden"},
    Entry{"common.assisted", "Mode accompagné — agent {}", "Assisted mode — staff member {}",
          "Modo asistido — agente {}", "Begleiteter Modus — Mitarbeiter {}"},
    Entry{"keyboard.space", "espace", "space", "espacio", "Leerzeichen"},
    Entry{"identify.title", "Votre carte d’identité", "Your identity card",
          "Su documento de identidad", "Ihr Ausweis"},
    Entry{"identify.place_card",
          "Posez votre carte d’identité ou votre passeport sur le lecteur, sous l’écran.",
          "Place your identity card or passport on the reader, below the screen.",
          "Coloque su documento de identidad o pasaporte en el lector, debajo de la pantalla.",
          "Legen Sie Ihren Personalausweis oder Reisepass auf das Lesegerät unter dem Bildschirm."},
    Entry{
        "identify.why",
        "La carte remplit vos nom, prénoms et date de naissance : vous n’avez plus qu’à vérifier.",
        "The card fills in your name and date of birth: you only need to check them.",
        "La tarjeta rellena su nombre y fecha de nacimiento: solo tiene que comprobarlos.",
        "Die Karte füllt Name und Geburtsdatum aus: Sie müssen nur noch prüfen."},
    Entry{"identify.no_card_hint", "Pas de carte sur vous ? Certaines démarches se font sans.",
          "No card with you? Some procedures can be done without one.",
          "¿No lleva su tarjeta? Algunos trámites se pueden hacer sin ella.",
          "Keine Karte dabei? Manche Anliegen gehen auch ohne."},
    Entry{"identify.without_card", "Continuer sans carte", "Continue without a card",
          "Continuar sin tarjeta", "Ohne Karte fortfahren"},
    Entry{"can.title", "Code de votre carte", "Your card’s code", "Código de su tarjeta",
          "Code Ihrer Karte"},
    Entry{"can.explain", "Tapez les 6 chiffres inscrits en bas à droite, au recto de votre carte.",
          "Type the 6 digits printed at the bottom right, on the front of your card.",
          "Escriba los 6 dígitos impresos abajo a la derecha, en el anverso de su tarjeta.",
          "Geben Sie die 6 Ziffern unten rechts auf der Vorderseite Ihrer Karte ein."},
    Entry{"can.need_six", "Il faut 6 chiffres.", "6 digits are needed.", "Se necesitan 6 dígitos.",
          "Es werden 6 Ziffern benötigt."},
    Entry{
        "can.wrong",
        "Ce code ne correspond pas à la carte. Vérifiez les 6 chiffres et recommencez.",
        "This code does not match the card. Check the 6 digits and try again.",
        "Este código no corresponde a la tarjeta. Compruebe los 6 dígitos e inténtelo de nuevo.",
        "Dieser Code passt nicht zur Karte. Prüfen Sie die 6 Ziffern und versuchen Sie es erneut."},
    Entry{"catalog.title", "Que souhaitez-vous faire ?", "What would you like to do?",
          "¿Qué desea hacer?", "Was möchten Sie tun?"},
    Entry{
        "catalog.needs_card",
        "Cette démarche demande votre carte d’identité : touchez « Retour » et posez-la sur le "
        "lecteur.",
        "This procedure needs your identity card: touch “Back” and place it on the reader.",
        "Este trámite requiere su documento de identidad: toque «Volver» y colóquelo en el lector.",
        "Dieses Anliegen erfordert Ihren Ausweis: Tippen Sie auf „Zurück“ und legen Sie ihn auf "
        "das Lesegerät."},
    Entry{"catalog.needs_card_short", "avec la carte", "card needed", "requiere la tarjeta",
          "Karte nötig"},
    Entry{"step.progress", "Question {} sur {}", "Question {} of {}", "Pregunta {} de {}",
          "Frage {} von {}"},
    Entry{"step.prefilled",
          "Rempli d’après votre carte : vérifiez et corrigez si besoin (accents…).",
          "Filled in from your card: check and correct if needed (accents…).",
          "Rellenado con su tarjeta: compruebe y corrija si es necesario (acentos…).",
          "Aus Ihrer Karte übernommen: prüfen und bei Bedarf korrigieren (Akzente…)."},
    Entry{"step.date_format", "Format JJ/MM/AAAA.", "Format DD/MM/YYYY.", "Formato DD/MM/AAAA.",
          "Format TT/MM/JJJJ."},
    Entry{"step.to_review", "Vérifier", "Check", "Revisar", "Prüfen"},
    Entry{"review.title", "Vérifiez vos réponses", "Check your answers", "Revise sus respuestas",
          "Prüfen Sie Ihre Angaben"},
    Entry{"review.explain", "Touchez « Modifier » pour corriger une réponse, puis « Confirmer ».",
          "Touch “Change” to correct an answer, then “Confirm”.",
          "Toque «Modificar» para corregir una respuesta y luego «Confirmar».",
          "Tippen Sie auf „Ändern“, um eine Angabe zu korrigieren, dann auf „Bestätigen“."},
    Entry{"review.edit", "Modifier", "Change", "Modificar", "Ändern"},
    Entry{"review.confirm", "Confirmer", "Confirm", "Confirmar", "Bestätigen"},
    Entry{"working.reading", "Lecture de votre carte", "Reading your card", "Leyendo su tarjeta",
          "Karte wird gelesen"},
    Entry{"working.reading_detail", "Quelques secondes…", "A few seconds…", "Unos segundos…",
          "Einige Sekunden…"},
    Entry{"working.keep_card", "Laissez la carte sur le lecteur.", "Keep the card on the reader.",
          "Deje la tarjeta en el lector.", "Lassen Sie die Karte auf dem Lesegerät."},
    Entry{"working.sending", "Envoi à la mairie", "Sending to the town hall",
          "Enviando al ayuntamiento", "Übermittlung an das Rathaus"},
    Entry{"working.printing", "Impression du récépissé", "Printing your receipt",
          "Imprimiendo el resguardo", "Quittung wird gedruckt"},
    Entry{"working.step", "Étape {} sur {}", "Step {} of {}", "Paso {} de {}", "Schritt {} von {}"},
    Entry{"working.wait", "Merci de patienter.", "Please wait.", "Espere, por favor.",
          "Bitte warten Sie."},
    Entry{"done.title", "C’est fait !", "All done!", "¡Listo!", "Erledigt!"},
    Entry{"done.reference", "Votre numéro de dossier", "Your file number",
          "Su número de expediente", "Ihre Vorgangsnummer"},
    Entry{"done.printed", "Votre récépissé est imprimé : prenez-le sous l’écran.",
          "Your receipt is printed: take it below the screen.",
          "Su resguardo está impreso: recójalo debajo de la pantalla.",
          "Ihre Quittung ist gedruckt: Nehmen Sie sie unter dem Bildschirm."},
    Entry{"done.not_printed",
          "Le récépissé n’a pas pu être imprimé. Votre demande est bien enregistrée : notez le "
          "numéro ou demandez-le à l’accueil.",
          "The receipt could not be printed. Your request is saved: write down the number or ask "
          "at the front desk.",
          "No se pudo imprimir el resguardo. Su solicitud está registrada: anote el número o "
          "pídalo en recepción.",
          "Die Quittung konnte nicht gedruckt werden. Ihr Antrag ist gespeichert: Notieren Sie die "
          "Nummer oder fragen Sie am Empfang."},
    Entry{"done.qr", "Photographiez ce code pour garder votre numéro.",
          "Take a photo of this code to keep your number.",
          "Fotografíe este código para guardar su número.",
          "Fotografieren Sie diesen Code, um Ihre Nummer zu behalten."},
    Entry{"done.take_card", "N’oubliez pas votre carte !", "Don’t forget your card!",
          "¡No olvide su tarjeta!", "Vergessen Sie Ihre Karte nicht!"},
    Entry{"done.finish", "Terminer", "Finish", "Terminar", "Fertig"},
    Entry{"error.card_title", "Carte illisible", "Card cannot be read", "Tarjeta ilegible",
          "Karte nicht lesbar"},
    Entry{"error.card_next",
          "Reposez la carte bien à plat sur le lecteur et réessayez, ou continuez sans carte. Si "
          "cela se reproduit, l’accueil peut vous aider.",
          "Place the card flat on the reader and try again, or continue without a card. If it "
          "happens again, the front desk can help.",
          "Coloque la tarjeta plana en el lector e inténtelo de nuevo, o continúe sin tarjeta. Si "
          "vuelve a ocurrir, recepción puede ayudarle.",
          "Legen Sie die Karte flach auf das Lesegerät und versuchen Sie es erneut, oder fahren "
          "Sie ohne Karte fort. Wenn es wieder passiert, hilft der Empfang."},
    Entry{"error.submit_title", "Demande non enregistrée", "Request not saved",
          "Solicitud no registrada", "Antrag nicht gespeichert"},
    Entry{"error.submit_next",
          "La borne n’a pas pu enregistrer votre demande. Rien n’a été envoyé. Adressez-vous à "
          "l’accueil de la mairie.",
          "The terminal could not save your request. Nothing was sent. Please go to the town "
          "hall’s front desk.",
          "El terminal no pudo registrar su solicitud. No se ha enviado nada. Diríjase a la "
          "recepción del ayuntamiento.",
          "Das Terminal konnte Ihren Antrag nicht speichern. Nichts wurde gesendet. Bitte wenden "
          "Sie sich an den Empfang."},
    Entry{"error.retry", "Réessayer avec la carte", "Try the card again",
          "Reintentar con la tarjeta", "Erneut mit der Karte"},
    Entry{"error.finish", "Terminer", "Finish", "Terminar", "Beenden"},
    Entry{"oos.title", "Borne momentanément hors service", "Terminal temporarily out of service",
          "Terminal fuera de servicio temporalmente", "Terminal vorübergehend außer Betrieb"},
    Entry{"oos.text", "Adressez-vous à l’accueil de la mairie. Merci de votre compréhension.",
          "Please go to the town hall’s front desk. Thank you for your understanding.",
          "Diríjase a la recepción del ayuntamiento. Gracias por su comprensión.",
          "Bitte wenden Sie sich an den Empfang des Rathauses. Danke für Ihr Verständnis."},
    Entry{"idle.title", "Êtes-vous toujours là ?", "Are you still there?", "¿Sigue ahí?",
          "Sind Sie noch da?"},
    Entry{"idle.text",
          "Sans action de votre part, la démarche s’arrêtera dans {} s et vos données seront "
          "effacées.",
          "Without any action, the procedure will stop in {} s and your data will be erased.",
          "Sin ninguna acción, el trámite se detendrá en {} s y sus datos se borrarán.",
          "Ohne Eingabe endet der Vorgang in {} s und Ihre Daten werden gelöscht."},
    Entry{"idle.more_time", "J’ai besoin de plus de temps", "I need more time",
          "Necesito más tiempo", "Ich brauche mehr Zeit"},
    Entry{"idle.end", "Arrêter maintenant", "Stop now", "Salir ahora", "Jetzt beenden"},
    Entry{"staff.pin_title", "Accès agent", "Staff access", "Acceso del personal",
          "Mitarbeiterzugang"},
    Entry{"staff.pin_label", "Code agent", "Staff PIN", "Código del personal", "Mitarbeiter-PIN"},
    Entry{"staff.wrong_pin", "Code incorrect.", "Wrong PIN.", "Código incorrecto.", "Falsche PIN."},
    Entry{"staff.locked", "Trop d’essais : accès bloqué 5 minutes.",
          "Too many tries: access locked for 5 minutes.",
          "Demasiados intentos: acceso bloqueado 5 minutos.",
          "Zu viele Versuche: Zugang 5 Minuten gesperrt."},
    Entry{"staff.locked_for", "Trop d’essais : accès bloqué encore {} s.",
          "Too many tries: access locked for {} s more.",
          "Demasiados intentos: acceso bloqueado {} s más.",
          "Zu viele Versuche: noch {} s gesperrt."},
    Entry{"staff.checking", "Vérification…", "Checking…", "Comprobando…", "Wird geprüft…"},
    Entry{"staff.title", "Mode agent", "Staff mode", "Modo personal", "Mitarbeitermodus"},
    Entry{"staff.devices", "État de la borne", "Terminal state", "Estado del terminal",
          "Zustand des Terminals"},
    Entry{"staff.ok", "OK", "OK", "OK", "OK"},
    Entry{"staff.problem", "problème", "problem", "problema", "Problem"},
    Entry{"staff.assisted", "Accompagner un usager", "Assist a citizen", "Asistir a un ciudadano",
          "Bürger begleiten"},
    Entry{"staff.agent_label", "Votre identifiant d’agent", "Your staff id",
          "Su identificador de agente", "Ihre Mitarbeiterkennung"},
    Entry{"staff.agent_required", "Saisissez votre identifiant.", "Type your id.",
          "Escriba su identificador.", "Geben Sie Ihre Kennung ein."},
    Entry{"staff.reprint", "Réimprimer le dernier récépissé", "Reprint the last receipt",
          "Reimprimir el último resguardo", "Letzte Quittung nachdrucken"},
    Entry{"staff.reprint_none", "Aucun récépissé récent à réimprimer.",
          "No recent receipt to reprint.", "No hay resguardo reciente.",
          "Keine aktuelle Quittung."},
    Entry{"staff.reprint_sent", "Récépissé envoyé à l’imprimante.", "Receipt sent to the printer.",
          "Resguardo enviado a la impresora.", "Quittung an den Drucker gesendet."},
    Entry{"staff.reprint_failed", "La réimpression a échoué : voir l’imprimante.",
          "Reprint failed: check the printer.", "La reimpresión falló: revise la impresora.",
          "Nachdruck fehlgeschlagen: Drucker prüfen."},
    Entry{"staff.out_of_service", "Mettre hors service", "Take out of service",
          "Poner fuera de servicio", "Außer Betrieb nehmen"},
    Entry{"staff.in_service", "Remettre en service", "Put back in service",
          "Volver a poner en servicio", "Wieder in Betrieb nehmen"},
    Entry{"staff.now_out_of_service", "La borne sera hors service en quittant ce mode.",
          "The terminal will be out of service when you leave.",
          "El terminal quedará fuera de servicio al salir.",
          "Das Terminal ist nach dem Verlassen außer Betrieb."},
    Entry{"staff.now_in_service", "La borne est en service.", "The terminal is in service.",
          "El terminal está en servicio.", "Das Terminal ist in Betrieb."},
    Entry{"staff.leave", "Quitter le mode agent", "Leave staff mode", "Salir del modo personal",
          "Mitarbeitermodus verlassen"},
    Entry{"device.reader", "Lecteur de carte", "Card reader", "Lector de tarjetas", "Kartenleser"},
    Entry{"device.printer", "Imprimante", "Printer", "Impresora", "Drucker"},
    Entry{"device.network", "Réseau", "Network", "Red", "Netzwerk"},
    Entry{"device.queue", "Demandes en attente d’envoi", "Requests waiting to be sent",
          "Solicitudes pendientes de envío", "Ausstehende Anträge"},
    Entry{"staff.agent_invalid",
          "Identifiant : lettres sans accent, chiffres et - _ . seulement, sans espace.",
          "Id: letters without accents, digits and - _ . only, no space.",
          "Identificador: letras sin acento, cifras y - _ . solamente, sin espacio.",
          "Kennung: Buchstaben ohne Akzent, Ziffern und - _ . , ohne Leerzeichen."},
    Entry{"device.selftest", "Autotest", "Self-test", "Autoprueba", "Selbsttest"},
    Entry{"can.wrong", "Ce code ne correspond pas à la carte. Vérifiez les 6 chiffres.",
          "This code does not match the card. Check the 6 digits.",
          "Este código no corresponde a la tarjeta. Compruebe los 6 dígitos.",
          "Dieser Code passt nicht zur Karte. Prüfen Sie die 6 Ziffern."},
    Entry{"catalog.empty",
          "Aucune démarche n’est disponible pour le moment : adressez-vous à l’accueil.",
          "No procedure is available right now: please ask at the front desk.",
          "Ningún trámite está disponible por ahora: diríjase a la recepción.",
          "Zurzeit ist kein Anliegen verfügbar: Bitte wenden Sie sich an den Empfang."},
    Entry{"error.card_unsupported_title", "Document non pris en charge", "Document not supported",
          "Documento no admitido", "Dokument nicht unterstützt"},
    Entry{"error.card_unsupported_next",
          "Cette borne lit la carte d’identité française et les passeports à puce. Vous pouvez "
          "continuer sans carte et saisir vos informations.",
          "This terminal reads French identity cards and chip passports. You can continue "
          "without a card and type your details.",
          "Este terminal lee el documento de identidad francés y los pasaportes con chip. Puede "
          "continuar sin tarjeta y escribir sus datos.",
          "Dieses Terminal liest den französischen Personalausweis und Reisepässe mit Chip. Sie "
          "können ohne Karte fortfahren und Ihre Angaben eintippen."},
    Entry{"step.position", "Étape {} sur {} — {}", "Step {} of {} — {}", "Paso {} de {} — {}",
          "Schritt {} von {} — {}"},
    Entry{"step.yes", "Oui", "Yes", "Sí", "Ja"},
    Entry{"step.no", "Non", "No", "No", "Nein"},
    Entry{"step.consent", "J’accepte", "I agree", "Acepto", "Ich stimme zu"},
    Entry{"step.several", "Plusieurs réponses possibles.", "Several answers possible.",
          "Varias respuestas posibles.", "Mehrere Antworten möglich."},
    Entry{"address.street", "Numéro et voie", "Number and street", "Número y calle",
          "Hausnummer und Straße"},
    Entry{"address.complement", "Complément (facultatif)", "Address line 2 (optional)",
          "Complemento (opcional)", "Adresszusatz (freiwillig)"},
    Entry{"address.postcode", "Code postal", "Postcode", "Código postal", "Postleitzahl"},
    Entry{"address.commune", "Commune", "Town", "Municipio", "Gemeinde"},
    Entry{"keyboard.symbols", "123 @", "123 @", "123 @", "123 @"},
    Entry{"working.storing", "Enregistrement de votre demande", "Saving your request",
          "Guardando su solicitud", "Ihr Antrag wird gespeichert"},
    Entry{"done.sent", "Demande transmise à la mairie — référence {}",
          "Request sent to the town hall — reference {}",
          "Solicitud enviada al ayuntamiento — referencia {}",
          "Antrag an das Rathaus übermittelt — Referenz {}"},
    Entry{"done.waiting",
          "Votre demande est enregistrée sur la borne et sera transmise dès que le réseau le "
          "permettra.",
          "Your request is saved on this terminal and will be sent as soon as the network allows.",
          "Su solicitud está guardada en el terminal y se enviará en cuanto la red lo permita.",
          "Ihr Antrag ist auf dem Terminal gespeichert und wird gesendet, sobald das Netz es "
          "erlaubt."},
    Entry{"done.printing", "Impression du récépissé en cours…", "Printing your receipt…",
          "Imprimiendo su resguardo…", "Ihre Quittung wird gedruckt…"},
    Entry{"done.print_again", "Réessayer l’impression", "Try printing again",
          "Reintentar la impresión", "Erneut drucken"},
    Entry{"print.media_empty", "L’imprimante n’a plus de papier.", "The printer is out of paper.",
          "La impresora no tiene papel.", "Der Drucker hat kein Papier."},
    Entry{"print.media_jam", "Le papier est coincé dans l’imprimante.", "The paper is jammed.",
          "El papel está atascado.", "Papierstau im Drucker."},
    Entry{"print.door_open", "L’imprimante est ouverte.", "The printer is open.",
          "La impresora está abierta.", "Der Drucker ist offen."},
    Entry{"print.offline", "L’imprimante ne répond pas.", "The printer does not answer.",
          "La impresora no responde.", "Der Drucker antwortet nicht."},
    Entry{"print.timed_out", "L’impression prend trop de temps.", "Printing is taking too long.",
          "La impresión tarda demasiado.", "Der Druck dauert zu lange."},
    Entry{"print.problem", "L’imprimante a un problème.", "The printer has a problem.",
          "La impresora tiene un problema.", "Der Drucker hat ein Problem."},
    Entry{"staff.reprint_done", "Récépissé réimprimé.", "Receipt reprinted.",
          "Resguardo reimpreso.", "Quittung erneut gedruckt."},
    Entry{"staff.sync_now", "Envoyer maintenant", "Send now", "Enviar ahora", "Jetzt senden"},
    Entry{"staff.sync_requested", "Envoi des demandes en attente demandé.",
          "Sending of waiting requests asked.", "Envío de solicitudes pendientes solicitado.",
          "Senden der ausstehenden Anträge angefordert."},
    Entry{"staff.selftest", "Autotest technicien", "Technician self-test", "Autoprueba del técnico",
          "Techniker-Selbsttest"},
    Entry{"selftest.running", "Vérification en cours…", "Checking…", "Comprobando…",
          "Wird geprüft…"},
    Entry{"selftest.passed", "Tout fonctionne.", "Everything works.", "Todo funciona.",
          "Alles funktioniert."},
    Entry{"selftest.failed", "Au moins une vérification a échoué.", "At least one check failed.",
          "Al menos una comprobación falló.", "Mindestens eine Prüfung ist fehlgeschlagen."},
    Entry{"selftest.again", "Relancer", "Run again", "Repetir", "Erneut ausführen"},
    Entry{"selftest.pass", "réussi", "passed", "correcto", "bestanden"},
    Entry{"selftest.fail", "échec", "failed", "fallido", "fehlgeschlagen"},
};

struct Language {
  std::string_view code;
  std::string_view name;
};
constexpr std::array kLanguages = {
    Language{"fr", "Français"},
    Language{"en", "English"},
    Language{"es", "Español"},
    Language{"de", "Deutsch"},
};

std::string_view Pick(const Entry& e, std::string_view language) {
  std::string_view text = e.fr;
  if (language == "en") text = e.en;
  if (language == "es") text = e.es;
  if (language == "de") text = e.de;
  return text.empty() ? e.fr : text;
}

}  // namespace

std::string_view Text(std::string_view language, std::string_view key) {
  for (const auto& e : kEntries) {
    if (e.key == key) return Pick(e, language);
  }
  return key;
}

std::string_view LanguageName(std::string_view language) {
  for (const auto& l : kLanguages) {
    if (l.code == language) return l.name;
  }
  return language;
}

std::vector<std::string_view> TextKeys() {
  std::vector<std::string_view> keys;
  for (const auto& e : kEntries) keys.push_back(e.key);
  return keys;
}

std::vector<std::string_view> TextLanguages() { return {"fr", "en", "es", "de"}; }

}  // namespace kiosk
