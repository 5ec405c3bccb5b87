// Style sheets imported as text (`with { type: 'text' }`): the page bundle carries them as strings.
declare module '*.css' {
  const text: string;
  export default text;
}
