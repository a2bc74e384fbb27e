export {};
//# sourceMappingURL=Ticket.js.map
