export {};
//# sourceMappingURL=TicketChat.js.map
