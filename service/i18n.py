"""The service's user-facing text, French first, English available (``translate(key, lang, **params)``).

Error messages are ``error_<code>``; the keys of the engine's own messages stay in logo_check.i18n.
"""

from __future__ import annotations

from logo_check.codes import SEVERITIES, VERDICTS
from logo_check.i18n import DEFAULT_LANGUAGE, LANGUAGES, lookup
from logo_check.i18n import MESSAGES as ENGINE_MESSAGES

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGES", "translate"]

MESSAGES: dict[str, dict[str, str]] = {
    # errors (the JSON error shape's message)
    "error_bad_request": {"fr": "Requête invalide.", "en": "Bad request."},
    "error_unauthorized": {"fr": "Connexion requise.", "en": "Login required."},
    "error_forbidden": {"fr": "Accès refusé.", "en": "Access denied."},
    "error_not_found": {"fr": "Introuvable.", "en": "Not found."},
    "error_method_not_allowed": {"fr": "Méthode non autorisée.", "en": "Method not allowed."},
    "error_conflict": {"fr": "Conflit avec l'état actuel.", "en": "Conflict with the current state."},
    "error_too_large": {"fr": "Requête trop volumineuse.", "en": "Request too large."},
    "error_unsupported_media_type": {"fr": "Type de contenu non pris en charge.", "en": "Unsupported media type."},
    "error_too_many_requests": {
        "fr": "Trop de tentatives, réessayez plus tard.",
        "en": "Too many attempts, try later.",
    },
    "error_internal_error": {"fr": "Erreur interne du service.", "en": "Internal error of the service."},
    "error_csrf": {
        "fr": "Le formulaire a expiré ou ne vient pas de ce site ; rechargez la page.",
        "en": "The form expired or does not come from this site; reload the page.",
    },
    "error_bad_login": {"fr": "Code ou mot de passe incorrect.", "en": "Wrong code or password."},
    "error_login_throttled": {
        "fr": "Trop d'échecs de connexion ; réessayez dans quelques minutes.",
        "en": "Too many failed logins; try again in a few minutes.",
    },
    "error_no_files": {"fr": "Aucun fichier envoyé.", "en": "No file sent."},
    "error_form_unreadable": {
        "fr": "Le formulaire envoyé est illisible (un nom de fichier qui n'est pas en UTF-8 ?) : "
        "renommez le fichier avec des caractères simples et envoyez-le de nouveau.",
        "en": "The form sent cannot be read (a file name not in UTF-8?): rename the file with plain "
        "characters and send it again.",
    },
    "error_empty_file": {"fr": "Le fichier « {name} » est vide.", "en": "The file '{name}' is empty."},
    "error_file_too_large": {
        "fr": "Le fichier « {name} » dépasse la limite de {limit} octets.",
        "en": "The file '{name}' exceeds the limit of {limit} bytes.",
    },
    "error_too_many_files": {
        "fr": "Trop de fichiers : {count} (au plus {limit} par envoi).",
        "en": "Too many files: {count} (at most {limit} per upload).",
    },
    "error_bad_context": {"fr": "{detail}", "en": "{detail}"},
    "error_category_not_allowed": {
        "fr": "La catégorie « {value} » n'est pas l'une de celles du partenaire ({known}).",
        "en": "The category '{value}' is not one of the partner's ({known}).",
    },
    "error_category_required": {
        "fr": "Indiquez la catégorie du support (l'une de : {known}).",
        "en": "Give the material's category (one of: {known}).",
    },
    "error_partner_required": {"fr": "Choisissez un partenaire.", "en": "Choose a partner."},
    "error_partner_unknown": {"fr": "Partenaire inconnu : {value}.", "en": "Unknown partner: {value}."},
    "error_partner_inactive": {
        "fr": "Ce partenaire n'est pas actif ({state}).",
        "en": "This partner is not active ({state}).",
    },
    "error_partner_name": {"fr": "Le nom du partenaire est vide.", "en": "The partner's name is empty."},
    "error_partner_exists": {
        "fr": "Le partenaire « {name} » existe déjà.",
        "en": "The partner '{name}' exists already.",
    },
    "error_partner_status": {"fr": "Statut inconnu : {value}.", "en": "Unknown status: {value}."},
    "error_bad_height": {
        "fr": "Hauteur invalide : « {value} » (un nombre entier de pixels).",
        "en": "Invalid height: '{value}' (a whole number of pixels).",
    },
    "error_bad_artwork": {"fr": "{detail}", "en": "{detail}"},
    "error_partner_email": {
        "fr": "Adresse électronique invalide : « {value} ».",
        "en": "Invalid e-mail address: '{value}'.",
    },
    "error_mail_not_configured": {
        "fr": "L'envoi par courriel n'est pas configuré (LOGO_CHECK_SMTP_HOST) : téléchargez le PDF et envoyez-le.",
        "en": "Sending by e-mail is not configured (LOGO_CHECK_SMTP_HOST): download the PDF and send it.",
    },
    "error_partner_no_email": {
        "fr": "Le partenaire n'a pas d'adresse électronique : un administrateur peut l'ajouter.",
        "en": "The partner has no e-mail address: an administrator can add it.",
    },
    "error_mail_failed": {
        "fr": "Le courrier n'a pas pu être envoyé ({reason}) ; rien n'est marqué envoyé, réessayez.",
        "en": "The letter could not be sent ({reason}); nothing is marked as sent, try again.",
    },
    "error_partner_only_for_partners": {
        "fr": "Seul un compte partenaire est rattaché à un partenaire.",
        "en": "Only a partner account belongs to a partner.",
    },
    "error_user_code": {
        "fr": "Code utilisateur invalide (1 à 64 caractères, sans espace).",
        "en": "Invalid user code (1 to 64 characters, no space).",
    },
    "error_user_role": {"fr": "Rôle inconnu : {value}.", "en": "Unknown role: {value}."},
    "error_user_unknown": {"fr": "Aucun compte actif « {code} ».", "en": "No active account '{code}'."},
    "error_user_exists": {"fr": "Le code « {code} » est déjà pris.", "en": "The code '{code}' is taken."},
    "error_password_short": {
        "fr": "Mot de passe trop court (au moins {minimum} caractères).",
        "en": "Password too short (at least {minimum} characters).",
    },
    "error_bad_field": {"fr": "Champ invalide : {field}.", "en": "Invalid field: {field}."},
    "error_bad_field_type": {
        "fr": "Champ « {field} » invalide : il faut {expected}.",
        "en": "Invalid field '{field}': {expected} expected.",
    },
    "expected_text": {"fr": "un texte", "en": "a string"},
    "expected_one_of": {"fr": "l'un de {values}", "en": "one of {values}"},
    "expected_text_list": {"fr": "une liste de textes", "en": "a list of strings"},
    "expected_id": {
        "fr": "un identifiant (nombre entier de 1 à {maximum})",
        "en": "an id (an integer from 1 to {maximum})",
    },
    "error_bad_body": {
        "fr": "Le corps de la requête doit être un objet JSON.",
        "en": "The request body must be a JSON object.",
    },
    "error_not_ready": {
        "fr": "Le contrôle n'est pas terminé (état : {state}).",
        "en": "The check is not finished (state: {state}).",
    },
    "error_format_unavailable": {
        "fr": "Ce format de rapport n'est pas disponible pour ce contrôle.",
        "en": "This report format is not available for this check.",
    },
    "error_no_confirmed_findings": {
        "fr": "Aucun constat confirmé : confirmez au moins un constat avant de produire le courrier.",
        "en": "No confirmed finding: confirm at least one finding before producing the letter.",
    },
    "error_cited_by_letter": {
        "fr": "Cet envoi est cité par un courrier d'avertissement : il ne peut pas être supprimé "
        "(ni relancé par le partenaire).",
        "en": "This submission is cited by a warning letter: it cannot be deleted (nor run again by the partner).",
    },
    "error_cited_as_recheck": {
        "fr": "Cet envoi est le contrôle de suivi d'un dossier d'avertissement : il ne peut pas être supprimé "
        "(ni relancé par le partenaire).",
        "en": "This submission is the re-check of a warning case: it cannot be deleted (nor run again by the partner).",
    },
    "error_submission_reviewed": {
        "fr": "Un examinateur a déjà pris une décision sur un constat de cet envoi : le partenaire ne peut plus "
        "le supprimer ni relancer son contrôle.",
        "en": "A reviewer has already decided on a finding of this submission: the partner can no longer delete "
        "it or run its check again.",
    },
    "error_partner_inactive_changes": {
        "fr": "Le droit d'usage de ce partenaire est {state} : ses envois ne peuvent plus être supprimés ni relancés.",
        "en": "This partner's right of use is {state}: its submissions can no longer be deleted or run again.",
    },
    "error_finding_superseded": {
        "fr": "Ce constat vient d'une vérification remplacée depuis par une nouvelle : la décision n'est pas "
        "enregistrée. Décidez sur le rapport actuel de l'envoi n° {submission}.",
        "en": "This finding comes from a check since replaced by a new one: the decision is not recorded. "
        "Decide on the current report of submission no. {submission}.",
    },
    "error_comment_required": {"fr": "Un commentaire est obligatoire.", "en": "A comment is required."},
    "error_note_required": {"fr": "La note est vide.", "en": "The note is empty."},
    "error_note_too_long": {
        "fr": "La note dépasse {limit} caractères : raccourcissez-la ou faites-en deux.",
        "en": "The note is longer than {limit} characters: shorten it or make two.",
    },
    "error_bad_decision": {
        "fr": "Décision inconnue : {value} (confirm ou dismiss).",
        "en": "Unknown decision: {value} (confirm or dismiss).",
    },
    "error_bad_outcome": {"fr": "Issue inconnue : {value}.", "en": "Unknown outcome: {value}."},
    "error_deadline_not_passed": {
        "fr": "Le délai court jusqu'au {deadline} : le retrait du droit d'usage ne peut être prononcé avant.",
        "en": "The deadline is {deadline}: the right of use cannot be withdrawn before.",
    },
    "error_outcome_recorded": {
        "fr": "L'issue de ce dossier est déjà enregistrée.",
        "en": "This case's outcome is recorded.",
    },
    "error_recheck_not_partner": {
        "fr": "Le contrôle de suivi doit être un envoi du même partenaire.",
        "en": "The re-check must be a submission of the same partner.",
    },
    "error_recheck_before_letter": {
        "fr": "L'envoi n° {id} est antérieur au courrier (émis le {issued}) : le contrôle de suivi doit être "
        "un envoi postérieur au courrier.",
        "en": "Submission no. {id} predates the letter (issued {issued}): the re-check must be a submission "
        "sent after the letter.",
    },
    # job failures
    "job_timeout": {
        "fr": "Le contrôle a dépassé la limite de {detail} s et a été arrêté.",
        "en": "The check exceeded the {detail} s limit and was stopped.",
    },
    "job_crashed": {
        "fr": "Le processus de contrôle s'est arrêté brutalement ({detail}).",
        "en": "The check process died ({detail}).",
    },
    "job_interrupted": {
        "fr": "Le contrôle a été interrompu {detail} fois ; abandonné.",
        "en": "The check was interrupted {detail} times; given up.",
    },
    "job_internal_error": {
        "fr": "Erreur interne du contrôle : {detail}",
        "en": "Internal error of the check: {detail}",
    },
    # states and verdicts
    "state_queued": {"fr": "en attente", "en": "queued"},
    "state_running": {"fr": "en cours", "en": "running"},
    "state_done": {"fr": "terminé", "en": "done"},
    "state_failed": {"fr": "échec", "en": "failed"},
    # verdicts and severities in the words of the reports (logo_check.i18n), not in words of its own
    **{f"verdict_{v}": ENGINE_MESSAGES[f"verdict_{v}"] for v in VERDICTS},
    **{f"severity_{s}": ENGINE_MESSAGES[f"severity_{s}"] for s in SEVERITIES},
    "decision_pending": {"fr": "à décider", "en": "pending"},
    "decision_confirmed": {"fr": "confirmé", "en": "confirmed"},
    "decision_dismissed": {"fr": "écarté", "en": "dismissed"},
    "outcome_rectified": {"fr": "mis en conformité", "en": "rectified"},
    "outcome_withdrawn": {"fr": "droit d'usage retiré", "en": "right of use withdrawn"},
    "outcome_open": {"fr": "en cours", "en": "open"},
    "role_partner": {"fr": "partenaire", "en": "partner"},
    "role_reviewer": {"fr": "contrôleur", "en": "reviewer"},
    "role_admin": {"fr": "administrateur", "en": "administrator"},
    "status_active": {"fr": "actif", "en": "active"},
    "status_suspended": {"fr": "suspendu", "en": "suspended"},
    "status_withdrawn": {"fr": "retiré", "en": "withdrawn"},
    # pages
    "label_colon": {"fr": "{label} :", "en": "{label}:"},
    "app_title": {"fr": "Contrôle du logo", "en": "Logo check"},
    "nav_upload": {"fr": "Envoyer", "en": "Upload"},
    "nav_submissions": {"fr": "Envois", "en": "Submissions"},
    "nav_artwork": {"fr": "Logo officiel", "en": "Official logo"},
    "artwork_title": {"fr": "Télécharger le logo officiel", "en": "Download the official logo"},
    "artwork_intro": {
        "fr": "Le logo à imprimer tel quel, sans modification, avec la mention de votre catégorie.",
        "en": "The logo to print as it is, unchanged, with your category's caption.",
    },
    "artwork_variant": {"fr": "Variante", "en": "Variant"},
    "artwork_height": {"fr": "Hauteur (pixels)", "en": "Height (pixels)"},
    "artwork_format": {"fr": "Format", "en": "Format"},
    "artwork_download": {"fr": "Télécharger", "en": "Download"},
    "nav_partners": {"fr": "Partenaires", "en": "Partners"},
    "nav_my_partner": {"fr": "Mon dossier", "en": "My file"},
    "nav_users": {"fr": "Utilisateurs", "en": "Users"},
    "nav_tokens": {"fr": "Jetons d'API", "en": "API tokens"},
    "nav_logout": {"fr": "Se déconnecter", "en": "Log out"},
    "switch_language": {"fr": "English", "en": "Français"},
    "login_title": {"fr": "Connexion", "en": "Log in"},
    "login_code": {"fr": "Code utilisateur", "en": "User code"},
    "login_password": {"fr": "Mot de passe", "en": "Password"},
    "login_submit": {"fr": "Se connecter", "en": "Log in"},
    "upload_title": {"fr": "Envoyer des supports", "en": "Upload material"},
    "upload_files": {"fr": "Fichiers", "en": "Files"},
    "upload_drop": {
        "fr": "Déposez vos fichiers ici ou cliquez pour les choisir (au plus {count} fichiers de {size} Mo). "
        "Une page web enregistrée : envoyez-la dans une archive ZIP avec le dossier de ses fichiers. Un site "
        "entier aspiré (archive WARC) s'analyse avec la commande « logo-check scan ».",
        "en": "Drop your files here or click to choose them (at most {count} files of {size} MB). "
        "A saved web page: send it in a ZIP archive with the folder of its files. A whole crawled site (a WARC "
        "archive) is scanned with the command 'logo-check scan'.",
    },
    "upload_channel": {"fr": "Canal de diffusion", "en": "Channel"},
    "upload_category": {"fr": "Catégorie", "en": "Category"},
    "upload_category_any": {"fr": "non vérifiée", "en": "not checked"},
    "upload_date": {"fr": "Date du support", "en": "Date of the material"},
    "upload_turned": {
        "fr": "Chercher aussi le logo tourné (de côté, à l'envers) : environ 4 fois plus long",
        "en": "Also look for the logo turned (sideways, upside down): about 4 times longer",
    },
    "upload_partner": {"fr": "Partenaire", "en": "Partner"},
    "upload_submit": {"fr": "Envoyer", "en": "Upload"},
    "uploaded": {
        "fr": "{count} fichier(s) envoyé(s) ; le contrôle est en file.",
        "en": "{count} file(s) uploaded; checks queued.",
    },
    "list_title": {"fr": "Envois", "en": "Submissions"},
    "list_filter": {"fr": "Filtrer", "en": "Filter"},
    "list_all": {"fr": "tous", "en": "all"},
    "col_id": {"fr": "N°", "en": "No."},
    "col_file": {"fr": "Fichier", "en": "File"},
    "col_partner": {"fr": "Partenaire", "en": "Partner"},
    "col_date": {"fr": "Envoyé le", "en": "Uploaded"},
    "col_state": {"fr": "État", "en": "State"},
    "col_verdict": {"fr": "Verdict", "en": "Verdict"},
    "col_channel": {"fr": "Canal", "en": "Channel"},
    "col_category": {"fr": "Catégorie", "en": "Category"},
    "none_yet": {"fr": "Rien pour l'instant.", "en": "Nothing yet."},
    "report_title": {"fr": "Envoi n° {id} : {name}", "en": "Submission no. {id}: {name}"},
    "report_pending": {
        "fr": "Contrôle {state}… cette page se recharge toute seule.",
        "en": "Check {state}… this page reloads by itself.",
    },
    "report_progress": {
        "fr": "{done} image(s) analysée(s) sur {total} dans le document.",
        "en": "{done} of the document's {total} images checked.",
    },
    "report_failed": {"fr": "Le contrôle a échoué : {reason}", "en": "The check failed: {reason}"},
    "report_formats": {"fr": "Rapport complet", "en": "Full report"},
    "report_download": {"fr": "Fichier d'origine", "en": "Original file"},
    "report_rerun": {"fr": "Relancer le contrôle", "en": "Run the check again"},
    "report_delete": {"fr": "Supprimer l'envoi", "en": "Delete the submission"},
    "report_page": {"fr": "Page {n}", "en": "Page {n}"},
    "report_page_source": {"fr": "image {source}", "en": "image {source}"},
    "report_instance": {"fr": "Logo n° {n} : {verdict}", "en": "Logo no. {n}: {verdict}"},
    "report_found": {"fr": "Trouvé", "en": "Found"},
    "report_reference": {"fr": "Référence", "en": "Reference"},
    "report_heatmap": {"fr": "Écart de couleur", "en": "Colour difference"},
    "report_no_findings": {"fr": "Aucun constat.", "en": "No findings."},
    "report_review_reason": {"fr": "Raison de l'examen", "en": "Reason for review"},
    "report_errors": {"fr": "Erreurs de lecture", "en": "Reading errors"},
    "finding_rule": {"fr": "Règle", "en": "Rule"},
    "finding_decision": {"fr": "Décision", "en": "Decision"},
    "finding_comment": {"fr": "Commentaire", "en": "Comment"},
    "finding_confirm": {"fr": "Confirmer", "en": "Confirm"},
    "finding_dismiss": {"fr": "Écarter", "en": "Dismiss"},
    "finding_history": {"fr": "Historique", "en": "History"},
    "finding_carried": {
        "fr": "Décision reprise de la vérification précédente (constat n° {id}) : même constat sur la même instance.",
        "en": "Decision carried over from the previous check (finding #{id}): the same finding on the same instance.",
    },
    "finding_carried_entry": {"fr": "reprise", "en": "carried over"},
    "letter_make": {"fr": "Produire le courrier d'avertissement", "en": "Produce the warning letter"},
    "letter_title": {"fr": "Courriers d'avertissement", "en": "Warning letters"},
    "notes_title": {"fr": "Notes internes", "en": "Staff notes"},
    "notes_hint": {
        "fr": "Visibles du ministère seulement, jamais du partenaire (les commentaires des décisions, eux, lui "
        "sont montrés).",
        "en": "Seen by the ministry's staff only, never by the partner (the decisions' comments are shown to it).",
    },
    "notes_none": {"fr": "Aucune note.", "en": "No notes."},
    "notes_add": {"fr": "Ajouter la note", "en": "Add the note"},
    "notes_by": {"fr": "{by}, le {at}", "en": "{by}, {at}"},
    "letter_pdf": {"fr": "Courrier n° {id} (PDF)", "en": "Letter no. {id} (PDF)"},
    "letter_sent": {"fr": "Envoyé le {at} à {to}", "en": "Sent on {at} to {to}"},
    "letter_not_sent": {"fr": "Pas encore envoyé par courriel", "en": "Not sent by e-mail yet"},
    "letter_send": {"fr": "Envoyer par courriel à {to}", "en": "Send by e-mail to {to}"},
    "letter_send_again": {"fr": "Envoyer de nouveau à {to}", "en": "Send again to {to}"},
    "letter_was_sent": {"fr": "Courrier envoyé à {to}.", "en": "Letter sent to {to}."},
    "field_email": {"fr": "Courriel", "en": "E-mail"},
    "mail_subject": {
        "fr": "Avertissement n° {id} : usage du logo « {title} »",
        "en": "Warning no. {id}: use of the logo '{title}'",
    },
    "mail_body": {
        "fr": "Bonjour,\n\nVous trouverez ci-joint l'avertissement n° {id} adressé à {partner} au sujet de "
        "l'usage du logo « {title} » dans « {filename} ». Les manquements qu'il cite doivent être "
        "corrigés au plus tard le {deadline}.\n\nLe ministère chargé des PME",
        "en": "Hello,\n\nPlease find attached warning no. {id} to {partner} about the use of the logo "
        "'{title}' in '{filename}'. The breaches it cites must be put right by {deadline}.\n\n"
        "The ministry for SMEs",
    },
    "case_title": {"fr": "Dossier n° {id}", "en": "Case no. {id}"},
    "case_deadline": {"fr": "Échéance", "en": "Deadline"},
    "case_recheck": {"fr": "Contrôle de suivi", "en": "Re-check"},
    "case_outcome": {"fr": "Issue", "en": "Outcome"},
    "case_record": {"fr": "Enregistrer", "en": "Record"},
    "case_recheck_id": {"fr": "N° de l'envoi de suivi", "en": "Re-check submission no."},
    "partner_title": {"fr": "Partenaire : {name}", "en": "Partner: {name}"},
    "partner_history": {"fr": "Historique des envois", "en": "Submission history"},
    "partner_cases": {"fr": "Dossiers", "en": "Cases"},
    "admin_partners": {"fr": "Partenaires", "en": "Partners"},
    "admin_users": {"fr": "Utilisateurs", "en": "Users"},
    "admin_tokens": {"fr": "Jetons d'API", "en": "API tokens"},
    "field_name": {"fr": "Nom", "en": "Name"},
    "field_categories": {"fr": "Catégories", "en": "Categories"},
    "field_status": {"fr": "Statut", "en": "Status"},
    "field_role": {"fr": "Rôle", "en": "Role"},
    "field_code": {"fr": "Code", "en": "Code"},
    "field_password": {"fr": "Mot de passe", "en": "Password"},
    "field_active": {"fr": "Actif", "en": "Active"},
    "create": {"fr": "Créer", "en": "Create"},
    "save": {"fr": "Enregistrer", "en": "Save"},
    "revoke": {"fr": "Révoquer", "en": "Revoke"},
    "disable": {"fr": "Désactiver", "en": "Disable"},
    "enable": {"fr": "Activer", "en": "Enable"},
    "token_created": {
        "fr": "Jeton créé ; copiez-le maintenant, il ne sera plus affiché : {token}",
        "en": "Token created; copy it now, it will not be shown again: {token}",
    },
    "saved": {"fr": "Enregistré.", "en": "Saved."},
    "deleted": {"fr": "Envoi supprimé.", "en": "Submission deleted."},
    "requeued": {"fr": "Contrôle relancé.", "en": "Check queued again."},
    "error_page_title": {"fr": "Erreur {status}", "en": "Error {status}"},
    "back_home": {"fr": "Retour à l'accueil", "en": "Back to the start page"},
}


def translate(key: str, lang: str, /, **params: object) -> str:
    template = lookup(MESSAGES, key, lang)
    return template.format(**params) if params else template


MESSAGES.update(
    {
        "serve_started": {
            "fr": "logo-check en service sur {url} (données : {folder}, {workers} processus de contrôle). "
            "Ctrl-C pour arrêter.",
            "en": "logo-check serving on {url} (data: {folder}, {workers} check processes). Ctrl-C to stop.",
        },
        "serve_no_user": {
            "fr": "Aucun compte pour l'instant. Créez-en un, par exemple :\n"
            "  .venv/bin/logo-check users add --role admin --code admin --data-dir {folder}\n"
            '  .venv/bin/logo-check users add --role partner --code acme --partner "ACME" --data-dir {folder}\n'
            "puis connectez-vous avec ce code et ce mot de passe.",
            "en": "No account yet. Create one, for example:\n"
            "  .venv/bin/logo-check users add --role admin --code admin --data-dir {folder}\n"
            '  .venv/bin/logo-check users add --role partner --code acme --partner "ACME" --data-dir {folder}\n'
            "then log in with that code and password.",
        },
        "work_started": {
            "fr": "{workers} processus de contrôle sur {folder}. Ctrl-C pour arrêter.",
            "en": "{workers} check processes on {folder}. Ctrl-C to stop.",
        },
        "setting_too_small": {
            "fr": "Réglage {variable} invalide : {value} ; il faut un nombre entier d'au moins {minimum}.",
            "en": "Invalid setting {variable}: {value}; it must be a whole number of at least {minimum}.",
        },
        "setting_not_one_of": {
            "fr": "Réglage {variable} invalide : « {value} » ; valeurs possibles : {choices}.",
            "en": "Invalid setting {variable}: '{value}'; possible values: {choices}.",
        },
        "setting_mail_from": {
            "fr": "Réglage {variable} manquant : avec {host}, il faut l'adresse d'expédition des courriers.",
            "en": "Setting {variable} missing: with {host}, the letters' sender address is needed.",
        },
        "setting_unknown": {
            "fr": "variable d'environnement {variable} inconnue, ignorée.",
            "en": "unknown environment variable {variable}, ignored.",
        },
        "setting_unknown_meant": {
            "fr": "variable d'environnement {variable} inconnue, ignorée : vouliez-vous dire {meant} ?",
            "en": "unknown environment variable {variable}, ignored: did you mean {meant}?",
        },
        "setting_not_a_number": {
            "fr": "Réglage {variable} invalide : « {value} » n'est pas un nombre.",
            "en": "Invalid setting {variable}: '{value}' is not a number.",
        },
        "serve_stopped": {"fr": "logo-check arrêté.", "en": "logo-check stopped."},
        "user_added": {
            "fr": "compte « {code} » créé (rôle {role}{partner}).",
            "en": "account '{code}' created (role {role}{partner}).",
        },
        "user_added_partner": {"fr": ", partenaire n° {id}", "en": ", partner no. {id}"},
        "password_prompt": {"fr": "Mot de passe : ", "en": "Password: "},
        "password_again": {"fr": "Mot de passe (encore) : ", "en": "Password (again): "},
        "password_mismatch": {"fr": "les mots de passe diffèrent", "en": "the passwords differ"},
    }
)
