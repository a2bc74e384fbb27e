export {};
//# sourceMappingURL=Organization.js.map
