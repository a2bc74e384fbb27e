export {};
//# sourceMappingURL=TicketResponse.js.map
