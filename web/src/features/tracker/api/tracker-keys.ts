/** Query keys of the tracker feature, general to specific. */
export const trackerKeys = {
  all: ['tracker'] as const,
  links: () => [...trackerKeys.all, 'link'] as const,
  /** The public view opened by a tracking link, by its token. */
  link: (token: string) => [...trackerKeys.links(), token] as const,
};
