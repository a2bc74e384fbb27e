/** French (Canada) texts of the email notifications: the same keys as en.ts. */
import type { EmailTexts } from './en.js';

export const frCA: EmailTexts = {
  brand: 'Docket',
  staffName: 'L’équipe de soutien',
  greeting: 'Bonjour {{name}},',
  greetingAnonymous: 'Bonjour,',
  signature: '— {{team}}',
  footerCustomer:
    'Vous recevez ce courriel parce que vous avez ouvert la demande {{reference}}. Les réponses à ce courriel ne sont pas lues : utilisez le lien ci-dessus.',
  footerStaff: 'Vous recevez ce courriel en tant que membre de {{organization}} dans Docket.',
  status: {
    NEW: 'Nouvelle',
    OPEN: 'Ouverte',
    IN_PROGRESS: 'En cours',
    WAITING_ON_CUSTOMER: 'En attente de votre réponse',
    ON_HOLD: 'En pause',
    RESOLVED: 'Résolue',
    CLOSED: 'Fermée',
  },
  mode: {
    video: 'Appel vidéo',
    audio: 'Appel téléphonique ou audio',
    chat: 'Clavardage',
    in_person: 'En personne',
  },
  priority: {
    LOW: 'Basse',
    MEDIUM: 'Moyenne',
    HIGH: 'Haute',
    URGENT: 'Urgente',
    CRITICAL: 'Critique',
  },
  label: {
    reference: 'Référence',
    subject: 'Objet',
    status: 'Statut',
    priority: 'Priorité',
    requester: 'Demandeur',
    when: 'Quand',
    duration: 'Durée',
    mode: 'Mode',
    meetingLink: 'Lien de la rencontre',
    repeats: 'Répétition',
    nextSession: 'Prochaine séance',
    originalTime: 'Prévue initialement',
    endpoint: 'Point de terminaison',
    reason: 'Raison',
    disabledAt: 'Désactivé le',
    slaPolicy: 'Politique de SLA',
    dueAt: 'Échéance',
    breachedAt: 'Dépassé le',
    assignee: 'Responsable',
    priorityRaised: 'Priorité augmentée',
    tagAdded: 'Étiquette ajoutée',
  },
  sla_metric: {
    first_response: 'première réponse',
    next_response: 'prochaine réponse',
    resolution: 'résolution',
  },
  durationMinutes: '{{count}} minutes',
  ticket_created: {
    subject: '[{{reference}}] Nous avons reçu votre demande : {{subject}}',
    intro:
      'Merci de nous avoir écrit. Nous avons bien reçu votre demande et vous répondrons sous peu.',
    link: 'Suivre votre demande',
    outro: 'Ce lien vous permet en tout temps de voir où elle en est ou d’ajouter des précisions.',
  },
  reply_added: {
    subject: '[{{reference}}] Nouvelle réponse à votre demande : {{subject}}',
    intro: '{{team}} a répondu à votre demande :',
    link: 'Voir la conversation et répondre',
  },
  status_changed: {
    subject: '[{{reference}}] Statut changé à {{status}} : {{subject}}',
    intro: 'Le statut de votre demande est passé de « {{previous}} » à « {{status}} ».',
    link: 'Voir votre demande',
  },
  ticket_resolved: {
    subject: '[{{reference}}] Résolue : {{subject}}',
    note: 'Ce que nous avons fait :',
    intro: 'Nous croyons que votre demande est maintenant résolue.',
    invite:
      'Si quelque chose ne va toujours pas, répondez simplement à partir du lien ci-dessous : votre demande sera rouverte et nous vous reviendrons.',
    link: 'Répondre ou voir votre demande',
  },
  session_scheduled: {
    subject: '[{{reference}}] Séance prévue le {{when}}',
    intro: 'Une séance a été planifiée pour votre demande.',
    calendar: 'L’invitation de calendrier est jointe à ce courriel.',
    link: 'Voir votre demande',
    eventTitle: 'Séance pour {{reference}} : {{subject}}',
    repeatsWeekly: 'Chaque semaine, {{count}} fois',
    repeatsEveryWeeks: 'Toutes les {{interval}} semaines, {{count}} fois',
    occurrenceMovedSubject: '[{{reference}}] Séance déplacée au {{when}}',
    occurrenceMoved: 'Une séance de la série a été déplacée. Les autres ne changent pas.',
    occurrenceCancelledSubject: '[{{reference}}] Séance du {{when}} annulée',
    occurrenceCancelled: 'Une séance de la série a été annulée. Les autres ne changent pas.',
    occurrenceRestored: 'Une séance annulée de la série aura lieu finalement.',
  },
  ticket_assigned: {
    subject: '[{{reference}}] Assigné à vous : {{subject}}',
    intro: '{{actor}} vous a assigné ce billet.',
    link: 'Ouvrir le billet',
  },
  customer_replied: {
    subject: '[{{reference}}] {{requester}} a répondu : {{subject}}',
    intro: '{{requester}} a répondu au billet :',
    link: 'Ouvrir le billet',
  },
  rule_notification: {
    subject: '{{subject}}',
    intro: 'Une automatisation de {{organization}} a envoyé ce message à propos d’un billet :',
    link: 'Ouvrir le billet',
  },
  webhook_disabled: {
    subject: 'Point de terminaison de webhook désactivé : {{url}}',
    intro:
      'Un point de terminaison de webhook de {{organization}} a été désactivé : il ne reçoit plus d’événements tant qu’il n’est pas réactivé.',
    outro:
      'Corrigez le service qui les reçoit, puis réactivez le point de terminaison dans la page Webhooks : les livraisons gardées entre-temps reprendront dans l’ordre.',
    link: 'Ouvrir la page Webhooks',
  },
  sla_warning: {
    subject: '[{{reference}}] SLA à risque : {{metric}} attendue à {{time}}',
    intro: 'La cible « {{metric}} » de ce billet est à risque : l’échéance est le {{when}}.',
    unassigned:
      'Ce billet n’a pas de responsable : vous recevez ce courriel en tant qu’administrateur.',
    link: 'Ouvrir le billet',
  },
  sla_breached: {
    subject: '[{{reference}}] SLA dépassé : {{metric}}',
    intro: 'La cible « {{metric}} » de ce billet a été dépassée le {{when}}.',
    unassigned:
      'Ce billet n’a pas de responsable : vous recevez ce courriel en tant qu’administrateur.',
    escalated: 'La politique de SLA a fait passer le billet au niveau supérieur :',
    notEscalated: 'La politique de SLA n’a rien changé au billet.',
    link: 'Ouvrir le billet',
  },
  satisfaction: {
    ask: 'Comment avons-nous fait? Un clic suffit pour évaluer notre aide :',
    good: 'Bien',
    bad: 'Pas bien',
    point: '{{score}}',
    hint: '1 = mauvais, 5 = excellent',
  },
  password_reset: {
    subject: 'Réinitialisez votre mot de passe Docket',
    intro:
      'Quelqu’un a demandé de réinitialiser le mot de passe de votre compte {{organization}} dans Docket. Si c’était vous, choisissez un nouveau mot de passe avec le lien ci-dessous.',
    link: 'Choisir un nouveau mot de passe',
    expiry:
      'Le lien fonctionne une seule fois, pendant {{minutes}} minutes. Un nouveau mot de passe ferme toutes vos sessions.',
    footer: 'Si vous n’avez rien demandé, ignorez ce courriel : votre mot de passe reste le même.',
  },
  invitation: {
    subject: 'Vous êtes invité à rejoindre {{organization}} dans Docket',
    intro:
      '{{inviter}} vous invite à rejoindre {{organization}} dans Docket. Choisissez votre nom et votre mot de passe avec le lien ci-dessous.',
    link: 'Accepter l’invitation',
    expiry: 'Le lien fonctionne une seule fois, pendant {{days}} jours.',
    footer: 'Si vous n’attendiez pas cette invitation, ignorez ce courriel.',
  },
};
