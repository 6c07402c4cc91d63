export default defineBackground(() => {
  console.info('[liaison] background ready');
});
