export {};
//# sourceMappingURL=CustomFieldDefinition.js.map
