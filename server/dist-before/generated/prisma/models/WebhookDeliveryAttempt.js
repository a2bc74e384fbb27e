export {};
//# sourceMappingURL=WebhookDeliveryAttempt.js.map
