export {};
//# sourceMappingURL=TicketActivity.js.map
